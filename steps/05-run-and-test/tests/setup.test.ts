// Step 2 checks (as in step 1, plus zod): the versions the workshop needs, no type errors
// (src/types/next-auth.d.ts included), and a production build made by the runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { packageBin } from '../../../scripts/lib/paths.ts';

const { frontendDir } = checkEnv();

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function dependencies(): Record<string, string> {
  const path = join(frontendDir, 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
  return { ...pkg.devDependencies, ...pkg.dependencies };
}

/** The major version a range such as "14.2.35", "^18.3.1" or "~4.24.0" allows. */
function major(range: string | undefined): number | undefined {
  const match = range?.match(/(\d+)\./);
  return match ? Number(match[1]) : undefined;
}

describe('the project setup', () => {
  it.each([
    ['next', 14, 'npm install --save-exact next@14.2.35'],
    ['react', 18, 'npm install --save-exact react@18.3.1 react-dom@18.3.1'],
    ['react-dom', 18, 'npm install --save-exact react@18.3.1 react-dom@18.3.1'],
    ['next-auth', 4, 'npm install --save-exact next-auth@4.24.15'],
    ['zod', 4, 'npm install "zod@^4.6.7"'],
  ])('when package.json is read, then %s is on major version %i', (name, wanted, fix) => {
    const range = dependencies()[name];
    expect(
      range,
      `frontend/package.json has no "${name}" dependency; in frontend/ run: ${fix}`,
    ).toBeDefined();
    expect(
      major(range),
      `"${name}": "${range}" is not version ${wanted}.x, which the guide's code is written for; run: ${fix}`,
    ).toBe(wanted);
  });

  it('when package.json is read, then axios is a dependency', () => {
    expect(
      dependencies().axios,
      'frontend/package.json has no "axios" dependency; in frontend/ run: npm install "axios@^1.21.1"',
    ).toBeDefined();
  });

  it('when TypeScript checks the app, then it reports no errors', () => {
    const result = spawnSync(
      process.execPath,
      [packageBin('typescript/bin/tsc'), '--noEmit', '-p', frontendDir],
      {
        encoding: 'utf8',
      },
    );
    const output = `${result.stdout}${result.stderr}`.trim();
    expect(result.status, `tsc --noEmit found problems in frontend/; fix these:\n${output}`).toBe(
      0,
    );
  });

  it('when the runner has built the app, then .next/BUILD_ID exists', () => {
    expect(
      existsSync(join(frontendDir, '.next', 'BUILD_ID')),
      'There is no production build in frontend/.next; check that next.config.mjs keeps distDir ".next" for `next build`',
    ).toBe(true);
  });
});
