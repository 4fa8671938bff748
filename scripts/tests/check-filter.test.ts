import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packageBin, repoRoot } from '../lib/paths.ts';
import { filteredFiles } from '../lib/run-step.ts';
import { needsFrontend } from '../lib/step-apps.ts';
import { makeScratchFolder } from './support/scratch-folder.ts';

const { root: testsDir, write } = makeScratchFolder('check-filter');
for (const file of [
  'login.test.ts',
  'refresh.test.ts',
  'login-page.spec.ts',
  'env.json',
  'support/login-helper.ts',
]) {
  write(file, '');
}

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
    expect(result.stderr + result.stdout).toContain("Unknown option '--no-such-option'");
  });
});

describe('which check files need the frontend (a run of only the others skips `next build`)', () => {
  const checks = makeScratchFolder('needs-frontend');
  const files: Record<string, string> = {
    'page.spec.ts': '',
    'backend-only.test.ts': '// reads frontend/.env.example\nconst { frontendDir } = env();\n',
    'deep.test.ts': "import { signIn } from './support/sign-in.ts';\n",
    'support/sign-in.ts': "import { jar } from './cookies.ts';\n",
    'support/cookies.ts': 'export const url = process.env.FRONTEND_URL;\n',
    'own-frontend.test.ts': "import { startFrontend } from '../../../scripts/lib/services.ts';\n",
    'outside.test.ts': "import { startBackend } from '../../../scripts/lib/services.ts';\n",
  };
  for (const [file, text] of Object.entries(files)) checks.write(file, text);

  it.each([
    ['page.spec.ts', true, 'a browser check'],
    ['deep.test.ts', true, 'a helper two imports deep reads FRONTEND_URL'],
    ['own-frontend.test.ts', true, 'it starts a frontend of its own'],
    ['backend-only.test.ts', false, 'it only names the frontend folder'],
    ['outside.test.ts', false, 'the tooling it imports mentions frontends, the check does not'],
  ])('%s: %s (%s)', (file, expected) => {
    expect(needsFrontend(checks.root, file)).toBe(expected);
  });
});
