import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordCheck, workspaceHash } from '../lib/progress.ts';
import { makeScratchWorkshop } from './support/scratch-workshop.ts';

const record = (root: string, passed: number, failed: number, failing: string[] = []) => ({
  finishedAt: '2026-12-01T10:00:00.000Z',
  passed,
  failed,
  failing,
  workspace: workspaceHash(root),
});

describe('npm run progress', () => {
  it('when nothing was checked, then every step is unchecked and the next move is chapter 1', () => {
    const scratch = makeScratchWorkshop();
    const result = scratch.run('progress.ts');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.match(/not checked yet/g)).toHaveLength(3);
    expect(result.stdout).toContain('Next: Follow chapter 1 (steps/01-first-page/README.md)');
    expect(result.stdout, 'the scratch workspace is the newest step').toContain(
      'are the end of step 3, file for file',
    );
  });

  it('when step 1 is green and step 2 failed, then you are on step 2 and see its failing checks', () => {
    const scratch = makeScratchWorkshop();
    const dir = join(scratch.root, '.workshop');
    recordCheck(1, record(scratch.root, 12, 0), dir);
    recordCheck(2, record(scratch.root, 20, 2, ['api.test.ts › when …, then …']), dir);
    const result = scratch.run('progress.ts');
    expect(result.stdout).toMatch(/✔\s+1\s+first page\s+12 passed/);
    expect(result.stdout).toMatch(/✖\s+2\s+api\s+20 passed, 2 failed/);
    expect(result.stdout).toContain('api.test.ts › when …, then …');
    expect(result.stdout).toContain('Next: Fix step 2');
  });

  it('when the code changed after a green run, then that step is no longer counted as done', () => {
    const scratch = makeScratchWorkshop();
    recordCheck(1, record(scratch.root, 12, 0), join(scratch.root, '.workshop'));
    scratch.write(
      'frontend/src/pages/index.tsx',
      'export default function Home() { return null; }\n',
    );
    const result = scratch.run('progress.ts');
    expect(result.stdout).toContain('but your code changed since');
    expect(result.stdout).toContain(
      'Next: Your code changed after step 1 passed: `npm run check 1` again.',
    );
  });
});
