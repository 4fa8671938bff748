// Vitest settings for a step's checks; scripts/step.ts passes the step's tests folder with --dir
// (and in CHECKS_DIR, so that a step's own setup file, if it has one, runs before its checks).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const stepSetup = join(process.env.CHECKS_DIR ?? '', 'support', 'vitest.setup.ts');

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // Checks talk to real servers and a real database: give them time, and run files one
    // after another so two files never race for the same user or port.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    setupFiles: process.env.CHECKS_DIR && existsSync(stepSetup) ? [stepSetup] : [],
    reporters: ['default'],
  },
});
