// The red -> green proof: a step's new checks must fail on the previous step's code
// (red) and pass on its own (green). Otherwise they do not test what the step adds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from './results.ts';
import type { Step } from './steps.ts';

const key = (result: CheckResult) => `${result.file} › ${result.name}`;

/**
 * Some checks attack the whole system, including behaviour an earlier step already had (input
 * validation from step 3, say): passing on the previous step's code is expected of them, not a
 * sign they test nothing. Such a file says so, and why, on a line of its own:
 *
 *     // red-green: exempt, because it attacks the finished system, step 3's validation included
 *
 * Its checks must pass on their own step; they are not run on the previous code.
 */
const EXEMPTION = /^\/\/ red-green: exempt, because \S/m;

/** The check files of a tests folder that declare the exemption (as listCheckFiles names them). */
export function exemptFiles(testsDir: string): string[] {
  return listCheckFiles(testsDir).filter((file) =>
    EXEMPTION.test(readFileSync(join(testsDir, file), 'utf8')),
  );
}

const isCheckFile = (file: string) => /\.(test|spec)\.ts$/.test(file);

/** Every check file of a tests folder, relative to it, with forward slashes, sorted. */
export function listCheckFiles(testsDir: string): string[] {
  if (!existsSync(testsDir)) return [];
  return readdirSync(testsDir, { recursive: true })
    .map((file) => String(file).replace(/\\/g, '/'))
    .filter(isCheckFile)
    .sort();
}

/**
 * The check files of `step` worth running against the previous step's code: only these can
 * hold checks the verdict asks to be red. A file that is byte-identical to the previous
 * step's file of the same name carries over checks that step already has (the verdict ignores
 * them), and exempt files may pass there anyway; running them would only cost time.
 * Paths are relative to the step's tests folder, with forward slashes.
 */
export function redRunFiles(
  step: Pick<Step, 'testsDir'>,
  previous: Pick<Step, 'testsDir'>,
): string[] {
  const unchanged = (file: string) => {
    const before = join(previous.testsDir, file);
    return (
      existsSync(before) && readFileSync(before).equals(readFileSync(join(step.testsDir, file)))
    );
  };
  const exempt = new Set(exemptFiles(step.testsDir));
  return listCheckFiles(step.testsDir).filter((file) => !exempt.has(file) && !unchanged(file));
}

export interface RedGreenInput {
  step: number;
  /** The step's checks on its own code. */
  green: CheckResult[];
  /** The previous step's checks on its own code: a check also found there is not new. */
  previousGreen: CheckResult[];
  /** The step's checks on the previous step's code. */
  red: CheckResult[];
  /** False when the previous code could not even be started: then no check of it can pass. */
  previousCodeStarted: boolean;
  /** The step's check files that declare the exemption (exemptFiles). */
  exempt: string[];
}

export function redGreenVerdict(input: RedGreenInput): CheckResult {
  const file = 'red → green';
  const name = `step ${input.step}'s new checks fail on step ${input.step - 1}'s code and pass on its own`;
  const inherited = new Set(input.previousGreen.map(key));
  // A check skipped on this machine (one that needs POSIX signals, on Windows) proves nothing either way.
  const added = input.green.filter(
    (result) => !inherited.has(key(result)) && result.status !== 'skipped',
  );
  if (added.length === 0) {
    return {
      file,
      name,
      status: 'failed',
      message: `Step ${input.step} adds no checks of its own.`,
    };
  }
  const notGreen = added.filter((result) => result.status !== 'passed');
  const redByKey = new Map(input.red.map((result) => [key(result), result]));
  // Exempt checks are not run on the previous code (redRunFiles), nor asked to fail there.
  const exemptNames = new Set(input.exempt.map((file) => file.split('/').pop()));
  const isExempt = (result: CheckResult) => exemptNames.has(result.file);
  const exempt = added.filter(isExempt).length;
  const alreadyPassing = input.previousCodeStarted
    ? added.filter((result) => !isExempt(result) && redByKey.get(key(result))?.status === 'passed')
    : [];
  const problems = [
    ...notGreen.map((result) => `does not pass on its own step: ${key(result)}`),
    ...alreadyPassing.map(
      (result) => `already passes on step ${input.step - 1}'s code: ${key(result)}`,
    ),
  ];
  return problems.length
    ? { file, name, status: 'failed', message: problems.join('\n') }
    : {
        file,
        name: `${name} (${added.length} new checks${exempt ? `, ${exempt} of them exempt, not asked to fail on step ${input.step - 1}` : ''})`,
        status: 'passed',
      };
}
