// Vitest settings for a step's checks; scripts/step.ts passes the step's tests folder with --dir.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // Checks talk to real servers and a real database: give them time, and run files one
    // after another so two files never race for the same user or port.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
