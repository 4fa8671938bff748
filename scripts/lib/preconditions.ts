// Root cause first. A few checks prove what nearly every other check needs: the backend
// answers, registration and login work, passwords are stored as hashes. When one of them
// fails, the others fail too, each with advice about its own subject, and the one message
// that matters is lost among them. So `steps/NN-*/tests/preconditions.json` names those
// checks, each with what it proves. The runner runs their files first (while the frontend
// builds) and, when one of them fails, puts it at the top, says of the other failures in
// those files that they follow from it, and skips the remaining files instead of running them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_RUN, type CheckResult } from './results.ts';

export interface Precondition {
  /** "file › describe › test": the test's name from its start, as the checklist prints it. */
  check: string;
  /** What it proves, for "needs ...": e.g. "a working login". */
  proves: string;
}

export function readPreconditions(testsDir: string): Precondition[] {
  const path = join(testsDir, 'preconditions.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Precondition[]) : [];
}

/** The check files the preconditions are in, in their order. */
export function preconditionFiles(preconditions: Precondition[]): string[] {
  return [...new Set(preconditions.map(({ check }) => check.split(' › ')[0]!))];
}

/** The file's own failures (it did not load, or a beforeAll failed) count for each of its tests. */
const WHOLE_FILE = new Set(['loads and runs', 'setup and teardown']);

const isResultOf = (precondition: Precondition, result: CheckResult) =>
  `${result.file} › ${result.name}`.startsWith(precondition.check) ||
  (WHOLE_FILE.has(result.name) && precondition.check.startsWith(`${result.file} › `));

/**
 * The results of the precondition files, failed preconditions first, and every other failure
 * among them marked as following from those; plus what the failed ones prove, for skipping.
 */
export function sortOutPreconditions(
  preconditions: Precondition[],
  results: CheckResult[],
): { results: CheckResult[]; needs: string[] } {
  const failed = preconditions.filter((precondition) =>
    results.some((result) => result.status === 'failed' && isResultOf(precondition, result)),
  );
  const needs = failed.map(({ check, proves }) => `${proves} (${check.split(' › ')[0]})`);
  if (failed.length === 0) return { results, needs };
  const isFailedPrecondition = (result: CheckResult) =>
    failed.some((precondition) => isResultOf(precondition, result));
  const following = results
    .filter((result) => !isFailedPrecondition(result))
    .map((result) =>
      result.status === 'failed'
        ? { ...result, message: `follows from the failure above: needs ${needs.join(' and ')}` }
        : result,
    );
  // In the order of preconditions.json: what the others build on comes first.
  const rank = (result: CheckResult) =>
    failed.findIndex((precondition) => isResultOf(precondition, result));
  const causes = results.filter(isFailedPrecondition).sort((a, b) => rank(a) - rank(b));
  return { results: [...causes, ...following], needs };
}

/** One skipped entry per check file that did not run because a precondition failed. */
export function skippedBecause(needs: string[], files: string[]): CheckResult[] {
  const message = `they need ${needs.join(' and ')}: fix that first`;
  return files.map((file) => ({ file, name: NOT_RUN, status: 'skipped', message }));
}
