import { describe, expect, it } from 'vitest';
import { compareListing, formatProblem, readListings, verifyChapter } from '../lib/listings.ts';
import { listSteps } from '../lib/steps.ts';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths.ts';
import { configFile, listing } from './support/config-listing.ts';
import { makeScratchWorkshop } from './support/scratch-workshop.ts';

describe('the rule for code listings in chapters', () => {
  it('when a listing is the whole file (trailing spaces aside), then it matches', () => {
    expect(
      compareListing(listing(configFile.replace('number(),', 'number(),   ')), configFile),
    ).toBeUndefined();
  });

  it('when a listing is a contiguous excerpt, then it matches', () => {
    expect(
      compareListing(
        listing('const schema = z.object({\n  PORT: z.coerce.number(),\n});'),
        configFile,
      ),
    ).toBeUndefined();
  });

  it('when a listing leaves lines out with `// ...`, then the parts must appear in order', () => {
    expect(
      compareListing(
        listing("import { z } from 'zod';\n\n// ...\n\nexport function readConfig() {"),
        configFile,
      ),
    ).toBeUndefined();
    const swapped = compareListing(
      listing("export function readConfig() {\n// ...\nimport { z } from 'zod';"),
      configFile,
    );
    expect(swapped).toContain(
      "chapter line 13 `import { z } from 'zod';` is not in backend/src/config.ts after line 7",
    );
  });

  it('when lines are left out without a marker, then it does not match', () => {
    expect(
      compareListing(
        listing("import { z } from 'zod';\nexport function readConfig() {"),
        configFile,
      ),
    ).toContain('chapter line 12');
  });

  it('when one line differs, then the message names the chapter line and the file line', () => {
    const message = compareListing(
      listing('const schema = z.object({\n  PORT: z.number(),\n});'),
      configFile,
    );
    expect(message).toBe(
      'chapter line 12 `PORT: z.number(),` should be `PORT: z.coerce.number(),` (backend/src/config.ts line 4)',
    );
  });

  it('when a diff listing shows a change, then its new side must be in the file', () => {
    const change =
      ' const schema = z.object({\n-  PORT: z.number(),\n+  PORT: z.coerce.number(),\n });\n@@ -8 +8 @@\n   return schema.parse(process.env);';
    expect(compareListing(listing(change, 'diff'), configFile)).toBeUndefined();
    expect(compareListing(listing('+  PORT: z.number(),', 'diff'), configFile)).toContain(
      '`PORT: z.number(),` is not in backend/src/config.ts',
    );
  });

  it('when a chapter has fenced blocks, then only those with title="..." are listings, indented ones included', () => {
    const markdown = [
      '# Chapter',
      '```bash',
      'npm run dev',
      '```',
      '1. Write it:',
      '',
      '   ```ts title="backend/src/config.ts"',
      "   import { z } from 'zod';",
      '   ```',
      "~~~tsx title='frontend/src/pages/index.tsx'",
      '~~~',
    ].join('\n');
    const found = readListings(markdown);
    expect(found.map((entry) => [entry.line, entry.title, entry.language])).toEqual([
      [7, 'backend/src/config.ts', 'ts'],
      [10, 'frontend/src/pages/index.tsx', 'tsx'],
    ]);
    expect(found[0]!.lines).toEqual([{ text: "import { z } from 'zod';", line: 8 }]);
  });
});

describe('verifying the chapters', () => {
  it('when a step file drifts from its chapter, then the problem names the chapter, the block line and the file', () => {
    const scratch = makeScratchWorkshop({ git: false });
    const steps = listSteps(join(scratch.root, 'steps'));
    expect(verifyChapter(steps[1]!, scratch.root)).toMatchObject({
      chapter: true,
      checked: 1,
      problems: [],
    });

    scratch.write(
      'steps/02-api/frontend/src/pages/index.tsx',
      'export default function Home() {\n  return <h1>Changed</h1>;\n}\n',
    );
    const { problems } = verifyChapter(steps[1]!, scratch.root);
    expect(problems.map(formatProblem)).toEqual([
      'steps/02-api/README.md:5 (frontend/src/pages/index.tsx): chapter line 7 `return <h1>Hello, API</h1>;` should be `return <h1>Changed</h1>;` (frontend/src/pages/index.tsx line 2)',
    ]);

    const cli = scratch.run('verify-listings.ts');
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain('steps/02-api/README.md:5');
    expect(scratch.run('verify-listings.ts', ['1']).status, 'step 1 is still fine').toBe(0);
    expect(scratch.run('verify-listings.ts', ['8']).status).toBe(2);
  });

  it('when a listing names a file the step does not have, then that is a problem too', () => {
    const scratch = makeScratchWorkshop({ git: false });
    scratch.write(
      'steps/01-first-page/README.md',
      '```ts title="frontend/src/missing.ts"\nx\n```\n',
    );
    const { problems } = verifyChapter(listSteps(join(scratch.root, 'steps'))[0]!, scratch.root);
    expect(problems[0]?.message).toContain('does not exist');
  });

  it("when the workshop's chapters are read, then every titled listing matches its step's file", () => {
    const problems = listSteps(join(repoRoot, 'steps')).flatMap(
      (step) => verifyChapter(step, repoRoot).problems,
    );
    expect(
      problems.map(formatProblem),
      'Fix the chapter (or the code) so each titled listing shows the file as it is; see "Code listings" in scripts/README.md',
    ).toEqual([]);
  });
});
