// A long step is checked in parts: `steps/NN-*/tests/parts.json` sorts its check files into
// the parts of its chapter, and `npm run check 6 -- backend` runs one part. Every check file
// belongs to exactly one part, so the parts together are the whole step.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Part name -> its check files (paths relative to the tests folder). */
export type Parts = Record<string, string[]>;

export function readParts(testsDir: string): Parts {
  const path = join(testsDir, 'parts.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Parts) : {};
}

/** A filter word that names a part stands for that part's files; any other word stays a word. */
export function expandParts(
  testsDir: string,
  filters: string[],
): { parts: string[]; words: string[] } {
  const parts = readParts(testsDir);
  const named = filters.filter((filter) => filter in parts);
  return {
    parts: named.flatMap((name) => parts[name]!),
    words: filters.filter((filter) => !(filter in parts)),
  };
}
