import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInstructions } from '../lib/chapter-instructions.ts';
import { followChapter, followSteps, formatFollowProblem } from '../lib/follow-along.ts';
import { applyDiff, applyExcerpt } from '../lib/listing-edits.ts';
import { repoRoot } from '../lib/paths.ts';
import { listSteps } from '../lib/steps.ts';
import { configFile, listing } from './support/config-listing.ts';
import { makeScratchWorkshop } from './support/scratch-workshop.ts';

describe('what a chapter tells the learner to do', () => {
  it('when a chapter has listings and commands, then they are instructions in reading order, with their sections', () => {
    const chapter = [
      '# Step 9',
      '### 1. Packages',
      '```bash',
      'npm install --save-exact "next@14.2.35" -w frontend   # pinned',
      'npm run dev',
      'npm install -D @types/cors@^2.8.19 --workspace=backend && npm run take 9 frontend/a.css',
      'rm -rf frontend/src/old',
      'npm uninstall dotenv \\',
      '  -w backend; npm run reset 8',
      '```',
      '### 2. Code',
      '```ts title="backend/src/app.ts"',
      'export {};',
      '```',
      '```ts title="tests/app.test.ts"',
      '```',
    ].join('\n');
    expect(
      readInstructions(chapter).map(({ kind, section, line }) => [kind, section, line]),
    ).toEqual([
      ['install', '1. Packages', 4],
      ['install', '1. Packages', 6],
      ['take', '1. Packages', 6],
      ['remove', '1. Packages', 7],
      ['uninstall', '1. Packages', 8],
      ['reset', '1. Packages', 8],
      ['listing', '2. Code', 12],
    ]);
  });

  it('when a diff is applied, then its hunks are found by their context, whatever their line numbers', () => {
    const change = listing(
      [
        '@@ -1,1 +1,1 @@',
        "-import { z } from 'zod';",
        "+import { z } from 'zod/v4';",
        '@@ -99 +99 @@',
        ' const schema = z.object({',
        '-  PORT: z.coerce.number(),',
        '+  PORT: z.coerce.number().int(),',
      ].join('\n'),
      'diff',
    );
    const result = applyDiff(configFile, change);
    expect(result).toEqual({
      text: configFile
        .replace("'zod'", "'zod/v4'")
        .replace('z.coerce.number()', 'z.coerce.number().int()'),
    });
    expect(applyDiff(configFile.replace('PORT', 'HOST'), change)).toMatchObject({
      error: expect.stringContaining('`const schema = z.object({`'),
    });
  });

  it('when an excerpt is applied, then the parts between its markers replace what lies between their context lines', () => {
    const edit = listing(
      [
        'const schema = z.object({',
        '  PORT: z.coerce.number(),',
        '  HOST: z.string(),',
        '});',
        '// ...',
        '',
        '// The settings, read once.',
        'export const config = readConfig();',
      ].join('\n'),
    );
    expect(applyExcerpt(configFile, edit)).toEqual({
      text:
        configFile.replace('number(),\n', 'number(),\n  HOST: z.string(),\n') +
        '\n// The settings, read once.\nexport const config = readConfig();\n',
    });
    const nowhere = listing(
      ['// ...', 'const port = 4000;', '// ...', 'export function readConfig() {'].join('\n'),
    );
    expect(applyExcerpt(configFile, nowhere)).toMatchObject({
      error: expect.stringContaining('chapter line 12'),
    });
  });
});

describe('following a chapter to the letter', () => {
  it("when the workshop's chapters are followed from the step before, then each gives its step's apps", () => {
    const started = Date.now();
    const results = followSteps(listSteps(join(repoRoot, 'steps')), repoRoot);
    expect(results.map(({ found }) => found)).toEqual([true, true, true, true, true, true]);
    expect(
      results.flatMap(({ problems }) => problems.map(formatFollowProblem)),
      'Every file a step changes must come from its chapter: a whole listing, a diff, `npm run take N <path>` or npm install; see "Following a chapter" in scripts/README.md',
    ).toEqual([]);
    expect(Date.now() - started, 'the proof reads files only').toBeLessThan(10_000);
  });

  it('when one line of a listing is removed, then the proof names the chapter, the section and the file', () => {
    const steps = listSteps(join(repoRoot, 'steps'));
    const step = steps.find(({ number }) => number === 4)!;
    const chapter = readFileSync(join(step.dir, 'README.md'), 'utf8');
    const line = "  if (/\\p{Cc}/u.test(value)) return '/';";
    expect(chapter, 'the line this test removes is in chapter 4').toContain(`\n${line}\n`);
    const result = followChapter(step, steps[2], repoRoot, steps, chapter.replace(`${line}\n`, ''));
    expect(result.problems.map(formatFollowProblem)).toEqual([
      expect.stringMatching(
        /^steps\/04-login-and-guard\/README\.md:\d+ § 2\. Decide where a user may go after signing in \(frontend\/src\/lib\/safe-callback-url\.ts\): line \d+ is .* where the step has `if \(\/\\p\{Cc\}\/u\.test\(value\)\) return '\/';`$/,
      ),
    ]);
  });

  it('when a chapter leaves a file out or installs an unpinned package, then the command fails and says which', () => {
    const scratch = makeScratchWorkshop({ git: false });
    const chapter = (extra: string) =>
      [
        '# Chapter 2',
        '### 1. The API',
        '```bash',
        'npm run take 2 frontend/src/lib/api.ts',
        'npm run take 2 backend/package.json',
        'npm run take 2 backend/src/server.ts',
        'npm run take 2 backend/.env.example',
        extra,
        '```',
        '### 2. The page',
        '```tsx title="frontend/src/pages/index.tsx"',
        'export default function Home() {',
        '  return <h1>Hello, API</h1>;',
        '}',
        '```',
      ].join('\n');
    scratch.write('steps/02-api/README.md', chapter(''));
    expect(scratch.run('verify-follow.ts', ['2'])).toMatchObject({ status: 0 });

    scratch.write('steps/02-api/README.md', chapter('npm install axios -w frontend'));
    const unpinned = scratch.run('verify-follow.ts', ['2']);
    expect(unpinned.status).toBe(1);
    expect(unpinned.stderr).toContain(
      'steps/02-api/README.md:8 § 1. The API (frontend/package.json): `npm install axios` leaves the version to the day it is run',
    );

    scratch.write('steps/02-api/README.md', chapter('').replace(/^.*take 2 backend\/src.*$/m, ''));
    const missing = scratch.run('verify-follow.ts', ['2']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(
      'steps/02-api/README.md (backend/src/server.ts): missing: no listing, diff, take or npm install in the chapter gives this file',
    );
    expect(scratch.run('verify-follow.ts', ['8']).status).toBe(2);
  });
});
