import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../lib/paths.ts';
import { compareTrees, copyApp, isSame } from '../lib/tree.ts';
import { statFileNames } from '../lib/diff-output.ts';
import { makeScratchWorkshop } from './support/scratch-workshop.ts';

describe('npm run diff', () => {
  const scratch = makeScratchWorkshop({ git: false });

  it('when two steps are compared with --stat, then exactly the changed files are listed with their counts', () => {
    const result = scratch.run('diff.ts', ['2', '3', '--stat']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0], 'a header naming the steps').toBe(
      'From step 2 (api) to step 3 (tokens):',
    );
    expect(statFileNames(result.stdout)).toEqual([
      'backend/src/tokens.ts',
      'frontend/package.json',
      'frontend/src/lib/api.ts',
      'frontend/src/lib/client.ts',
      'frontend/src/pages/index.tsx',
    ]);
    expect(result.stdout).toContain(' frontend/src/pages/index.tsx | 2 +-');
    expect(result.stdout).toContain('5 files changed, 5 insertions(+), 3 deletions(-)');
  });

  it('when B is left out, then A is compared with the next step', () => {
    const result = scratch.run('diff.ts', ['1', '--stat']);
    expect(result.status, result.stderr).toBe(0);
    expect(statFileNames(result.stdout), 'step 2 adds the backend').toContain(
      'backend/src/server.ts',
    );
  });

  it('when the workspace equals the step except for the package names, then there is no change', () => {
    const result = scratch.run('diff.ts', ['3', 'w']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('No changes');
  });

  it('when build output, lockfiles, .env files and .diffignore patterns are there, then they are left out', () => {
    const noise = [
      'frontend/.next/server/page.js',
      'frontend/node_modules/left-pad/index.js',
      'frontend/package-lock.json',
      'frontend/.env.local',
      'frontend/tsconfig.tsbuildinfo',
      'frontend/next-env.d.ts',
      'frontend/public/logo.svg',
    ];
    for (const path of noise) scratch.write(path, 'noise\n');
    scratch.write('.diffignore', '# pictures are not code\nfrontend/public/*.svg\n');
    scratch.write('backend/.env.example', 'JWT_SECRET=another-example-value-that-is-long-enough\n');

    const result = scratch.run('diff.ts', ['3', 'workspace', '--stat']);
    expect(result.status, result.stderr).toBe(0);
    expect(statFileNames(result.stdout), 'only the real change should be listed').toEqual([
      'backend/.env.example',
    ]);
  });

  it('when the patch is applied to the first step with git apply, then the second step results', () => {
    const patch = scratch.run('diff.ts', ['2', '3']);
    expect(patch.status, patch.stderr).toBe(0);
    const target = scratchDir('apply');
    for (const app of ['frontend', 'backend'])
      copyApp(join(scratch.root, 'steps/02-api', app), join(target, app), `@workshop/${app}`);
    writeFileSync(join(target, 'change.diff'), patch.stdout);
    const applied = spawnSync('git', ['apply', 'change.diff'], { cwd: target, encoding: 'utf8' });
    expect(applied.status, `git apply should accept the patch: ${applied.stderr}`).toBe(0);
    for (const app of ['frontend', 'backend']) {
      const difference = compareTrees(
        join(scratch.root, 'steps/03-tokens', app),
        join(target, app),
      );
      expect(isSame(difference), `${app} after the patch: ${JSON.stringify(difference)}`).toBe(
        true,
      );
    }
  });

  it('when --html is given, then a side-by-side page is written to .workshop/diffs/A-B.html and its path printed', () => {
    const result = scratch.run('diff.ts', ['2', '3', '--html']);
    expect(result.status, result.stderr).toBe(0);
    const page = join(scratch.root, '.workshop', 'diffs', '02-03.html');
    expect(result.stdout, 'a file:// link a terminal can open').toContain(pathToFileURL(page).href);
    expect(existsSync(page)).toBe(true);
    const html = readFileSync(page, 'utf8');
    expect(html, 'diff2html draws side-by-side tables').toContain('d2h-file-side-diff');
    expect(html).toContain('frontend/src/lib/client.ts');
    // Changed files side by side, new and deleted ones (2 new, 1 deleted) on the whole width.
    expect(html.match(/class="d2h-files-diff"/g)?.length, 'changed files').toBe(2);
    expect(html.match(/class="d2h-file-diff"/g)?.length, 'new and deleted files').toBe(3);
    expect(html, 'long lines wrap').toMatch(/\.d2h-code-line[^{]*\{ white-space: pre-wrap/);
  });

  it('when FORCE_COLOR is set, then additions are green and removals red; without a terminal, then no colour', () => {
    const coloured = scratch.run('diff.ts', ['2', '3'], { FORCE_COLOR: '1', NO_COLOR: '' });
    expect(coloured.stdout).toContain('\u001b[32m+  return <h1>Hello, tokens</h1>;');
    expect(coloured.stdout).toContain('\u001b[31m-  return <h1>Hello, API</h1>;');
    const plain = scratch.run('diff.ts', ['2', '3']);
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('when a step does not exist, then it is a usage error (exit 2) that lists the steps', () => {
    const result = scratch.run('diff.ts', ['9']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"9" is not a step');
    expect(result.stderr).toContain('1  first page');
    expect(result.stderr).toContain('w or workspace');
  });

  it('when the newest step is named alone or an option is unknown, then it is a usage error (exit 2)', () => {
    const alone = scratch.run('diff.ts', ['3']);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('npm run diff 3 w');
    expect(scratch.run('diff.ts', ['1', '2', '--stats']).status).toBe(2);
    expect(scratch.run('diff.ts', []).status).toBe(2);
  });
});
