// Playwright settings for a step's checks. scripts/step.ts sets STEP_TESTS_DIR and FRONTEND_URL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/** A system Chromium (CHROMIUM_PATH, else Debian's) when there is one; Playwright's own browser otherwise. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path!));
}

const testDir = process.env.STEP_TESTS_DIR ?? '.';
const isRoot = process.getuid?.() === 0;
// The red -> green proof runs a step's checks against the previous step's code, where they
// should fail: short timeouts keep those failures quick.
const expectedToFail = process.env.CHECKS_EXPECTED_TO_FAIL === '1';

export default defineConfig({
  testDir,
  testMatch: '**/*.spec.ts',
  outputDir: join(process.env.WORKSHOP_OUTPUT_DIR ?? '.workshop', 'playwright'),
  fullyParallel: false,
  workers: 1,
  timeout: expectedToFail ? 10_000 : 60_000,
  expect: { timeout: expectedToFail ? 2_000 : 10_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.FRONTEND_URL,
    navigationTimeout: expectedToFail ? 5_000 : 30_000,
    // A click or fill on a page that lacks the element fails after this, not at the test's timeout.
    actionTimeout: expectedToFail ? 3_000 : undefined,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        ...(isRoot ? ['--no-sandbox'] : []),
        // The workshop runs on loopback: keep Chromium from calling home.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
