import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageBin, repoRoot } from '../lib/paths.ts';
import { filteredFiles } from '../lib/run-step.ts';

const testsDir = mkdtempSync(join(tmpdir(), 'check-filter-'));
mkdirSync(join(testsDir, 'support'));
for (const file of [
  'login.test.ts',
  'refresh.test.ts',
  'login-page.spec.ts',
  'env.json',
  'support/login-helper.ts',
]) {
  writeFileSync(join(testsDir, file), '');
}
afterAll(() => rmSync(testsDir, { recursive: true, force: true }));

describe('npm run check N -- <filter>', () => {
  it('when no filter is given, then every check file runs (undefined means all)', () => {
    expect(filteredFiles({ testsDir }, [])).toBeUndefined();
  });

  it('when a filter is given, then only check files whose path contains it run, helpers and settings never', () => {
    expect(filteredFiles({ testsDir }, ['login'])).toEqual(['login-page.spec.ts', 'login.test.ts']);
  });

  it('when several filters are given, then a file matching any of them runs', () => {
    expect(filteredFiles({ testsDir }, ['refresh', 'page'])).toEqual([
      'login-page.spec.ts',
      'refresh.test.ts',
    ]);
  });

  it('when nothing matches, then no file runs (the run then reports that no checks ran)', () => {
    expect(filteredFiles({ testsDir }, ['nothing-like-this'])).toEqual([]);
  });
});

const stepCommand = (...args: string[]) =>
  spawnSync(process.execPath, [packageBin('tsx/dist/cli.mjs'), 'scripts/step.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });

describe('npm run check -- --help', () => {
  it('when asked for help, then it prints the usage with the filter and exits 0, starting nothing', () => {
    const result = stepCommand('check', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npm run check <N> [-- <filter>... --bail --watch]');
    expect(result.stdout).toMatch(/--bail +stop at the first failing check/);
    expect(result.stdout).toMatch(/--watch +keep the services up/);
    expect(result.stdout).toContain('npm run check 3 -- register');
  });

  it('when given an option it does not know, then it names it, prints the usage and exits 2', () => {
    const result = stepCommand('step', '3', '--no-such-option');
    expect(result.status).toBe(2);
    expect(result.stderr + result.stdout).toContain('Unknown option --no-such-option');
  });
});
