// The carry-forward rule: a check file stays in every later step, byte-identical, while what it
// promises still holds. A step that drops one of the previous step's check files says so, and
// why, in its tests/retired.json: { "login.test.ts": "step 6 answers { accessToken, user }: ..." }.
// Enforced by the tooling test carry-forward.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { listCheckFiles } from './red-green.ts';
import type { Step } from './steps.ts';

export const RETIRED_FILE = 'retired.json';

/** The check files a step dropped on purpose, each with its reason. */
export function retiredFiles(testsDir: string): Record<string, string> {
  const path = join(testsDir, RETIRED_FILE);
  if (!existsSync(path)) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
}

const same = (a: string, b: string) =>
  existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));

/** The ./support/ files a check file imports, relative to its tests folder. */
function supportImports(testsDir: string, file: string): string[] {
  const text = readFileSync(join(testsDir, file), 'utf8');
  return [...text.matchAll(/from '(\.\/support\/[^']+)'/g)].map((match) =>
    posix.join(posix.dirname(file), match[1] ?? ''),
  );
}

/**
 * What breaks the rule between consecutive steps: a check file of step N-1 that step N neither
 * has byte-identical nor lists as retired, a retired entry without a reason or for a file that
 * is still carried (or never existed), and a carried check whose support files differ.
 */
export function carryForwardProblems(steps: Pick<Step, 'number' | 'testsDir'>[]): string[] {
  const problems: string[] = [];
  for (const [index, step] of steps.entries()) {
    const previous = steps[index - 1];
    const retired = retiredFiles(step.testsDir);
    const before = previous ? listCheckFiles(previous.testsDir) : [];
    for (const [file, reason] of Object.entries(retired)) {
      const where = `step ${step.number}'s ${RETIRED_FILE}: ${file}`;
      if (!before.includes(file)) problems.push(`${where} is not a check file of the step before`);
      else if (same(join(previous!.testsDir, file), join(step.testsDir, file)))
        problems.push(`${where} is retired but still carried byte-identical`);
      if (typeof reason !== 'string' || reason.trim().length < 10)
        problems.push(
          `${where} needs a reason (why its promise no longer holds, or what proves it)`,
        );
    }
    if (!previous) continue;
    for (const file of before) {
      if (file in retired) continue;
      if (!same(join(previous.testsDir, file), join(step.testsDir, file))) {
        problems.push(
          `step ${step.number} drops or changes step ${previous.number}'s ${file}: copy it byte-identical, ` +
            `or list it in steps/${posix.basename(dirname(step.testsDir))}/tests/${RETIRED_FILE} with the reason`,
        );
        continue;
      }
      for (const support of supportImports(step.testsDir, file)) {
        if (!same(join(previous.testsDir, support), join(step.testsDir, support)))
          problems.push(
            `step ${step.number} carries ${file}, but its ${support} differs from step ${previous.number}'s`,
          );
      }
    }
  }
  return problems;
}
