// The red -> green proof: a step's new checks must fail on the previous step's code
// (red) and pass on its own (green). Otherwise they do not test what the step adds.
import type { CheckResult } from './results.ts';

const key = (result: CheckResult) => `${result.file} › ${result.name}`;

/**
 * Hardening checks (files named `security-*`) attack the whole system, including behaviour an
 * earlier step already had (input validation from step 3, say). They must pass on their own
 * step, but passing on the previous step's code is expected of them, not a sign they test nothing.
 */
export const isHardeningCheck = (result: CheckResult) => result.file.startsWith('security-');

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
}

export function redGreenVerdict(input: RedGreenInput): CheckResult {
  const file = 'red → green';
  const name = `step ${input.step}'s new checks fail on step ${input.step - 1}'s code and pass on its own`;
  const inherited = new Set(input.previousGreen.map(key));
  const added = input.green.filter((result) => !inherited.has(key(result)));
  if (added.length === 0) {
    return { file, name, status: 'failed', message: `Step ${input.step} adds no checks of its own.` };
  }
  const notGreen = added.filter((result) => result.status !== 'passed');
  const redByKey = new Map(input.red.map((result) => [key(result), result]));
  const passingBefore = input.previousCodeStarted
    ? added.filter((result) => redByKey.get(key(result))?.status === 'passed')
    : [];
  const alreadyPassing = passingBefore.filter((result) => !isHardeningCheck(result));
  const guards = passingBefore.length - alreadyPassing.length;
  const problems = [
    ...notGreen.map((result) => `does not pass on its own step: ${key(result)}`),
    ...alreadyPassing.map((result) => `already passes on step ${input.step - 1}'s code: ${key(result)}`),
  ];
  return problems.length
    ? { file, name, status: 'failed', message: problems.join('\n') }
    : {
        file,
        name: `${name} (${added.length} new checks${guards ? `, ${guards} of them hardening checks that also hold on step ${input.step - 1}` : ''})`,
        status: 'passed',
      };
}
