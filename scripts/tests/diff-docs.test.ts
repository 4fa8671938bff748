import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffDocsProblems, writeDiffDocs } from '../lib/diff-docs.ts';
import { repoRoot } from '../lib/paths.ts';
import { makeScratchWorkshop } from './support/scratch-workshop.ts';

describe('the committed diffs in docs/diffs/', () => {
  it('when the steps are as they are now, then every NN-MM.diff exists and is current', () => {
    const problems = diffDocsProblems(repoRoot);
    expect(
      problems,
      `${problems.join('\n')}\nRun \`npm run diff:docs\` and commit docs/diffs/.`,
    ).toEqual([]);
  });

  it('when a pair is missing, out of date or left over, then each problem is named', () => {
    const scratch = makeScratchWorkshop({ git: false });
    const folder = join(scratch.root, 'docs', 'diffs');
    expect(writeDiffDocs(scratch.root).written).toEqual(['01-02.diff', '02-03.diff', 'README.md']);
    expect(diffDocsProblems(scratch.root)).toEqual([]);

    scratch.write('steps/03-tokens/backend/src/tokens.ts', 'export const ttl = 60;\n');
    rmSync(join(folder, '01-02.diff'));
    writeFileSync(join(folder, '01-03.diff'), 'from a time without step 2\n');
    expect(diffDocsProblems(scratch.root)).toEqual([
      'docs/diffs/01-02.diff is missing',
      'docs/diffs/02-03.diff is not current',
      'docs/diffs/01-03.diff belongs to no pair of steps',
    ]);

    expect(writeDiffDocs(scratch.root)).toEqual({
      written: ['01-02.diff', '02-03.diff'],
      removed: ['01-03.diff'],
    });
    expect(diffDocsProblems(scratch.root)).toEqual([]);
  });
});
