// Reads Vitest's and Playwright's JSON reports into one list of checks, and prints it.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { colour } from './log.ts';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  file: string;
  name: string;
  status: CheckStatus;
  /** What went wrong: the assertion's message, which says what to fix. */
  message?: string;
}

interface VitestReport {
  testResults?: {
    name: string;
    status?: string;
    message?: string;
    assertionResults?: {
      fullName?: string;
      title: string;
      ancestorTitles?: string[];
      status: string;
      failureMessages?: string[];
    }[];
  }[];
}

export function readVitestReport(path: string): CheckResult[] {
  if (!existsSync(path)) return [];
  const report = JSON.parse(readFileSync(path, 'utf8')) as VitestReport;
  const results: CheckResult[] = [];
  for (const file of report.testResults ?? []) {
    const assertions = file.assertionResults ?? [];
    if (assertions.length === 0 && file.status === 'failed') {
      results.push({
        file: basename(file.name),
        name: 'loads and runs',
        status: 'failed',
        message: file.message,
      });
    }
    for (const test of assertions) {
      results.push({
        file: basename(file.name),
        name: [...(test.ancestorTitles ?? []), test.title].join(' › '),
        status:
          test.status === 'passed' ? 'passed' : test.status === 'failed' ? 'failed' : 'skipped',
        message: test.failureMessages?.join('\n'),
      });
    }
    // A failing beforeAll/afterAll is reported on the file, next to passing tests.
    if (
      assertions.length > 0 &&
      file.status === 'failed' &&
      file.message &&
      !assertions.some((t) => t.status === 'failed')
    ) {
      results.push({
        file: basename(file.name),
        name: 'setup and teardown',
        status: 'failed',
        message: file.message,
      });
    }
  }
  return results;
}

interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: {
    title: string;
    tests: { status: string; results: { status: string; error?: { message?: string } }[] }[];
  }[];
  suites?: PlaywrightSuite[];
}

export function readPlaywrightReport(path: string): CheckResult[] {
  if (!existsSync(path)) return [];
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    suites?: PlaywrightSuite[];
    errors?: { message?: string }[];
  };
  const results: CheckResult[] = [];
  const walk = (suite: PlaywrightSuite, file: string, titles: string[]) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const last = test.results.at(-1);
        const status: CheckStatus =
          test.status === 'skipped'
            ? 'skipped'
            : test.status === 'expected' || test.status === 'flaky'
              ? 'passed'
              : 'failed';
        results.push({
          file,
          name: [...titles, spec.title].join(' › '),
          status,
          message: last?.error?.message,
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child, file, [...titles, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, basename(suite.file ?? suite.title), []);
  for (const error of report.errors ?? []) {
    results.push({
      file: 'playwright',
      name: 'loads and runs',
      status: 'failed',
      message: error.message,
    });
  }
  return results;
}

/** The name of the one entry for a check file that was not run at all (see preconditions.ts). */
export const NOT_RUN = 'not run';

const marks: Record<CheckStatus, string> = {
  passed: colour.green('✔'),
  failed: colour.red('✖'),
  skipped: colour.yellow('-'),
};

/** One line per check; a failure shows the first lines of its message, indented. */
export function formatChecklist(results: CheckResult[]): string {
  const lines: string[] = [];
  // Files not run for one reason share one line.
  const notRun = new Map<string, string[]>();
  for (const result of results.filter((each) => each.name === NOT_RUN)) {
    const why = result.message ?? '';
    notRun.set(why, [...(notRun.get(why) ?? []), result.file]);
  }
  for (const [why, files] of notRun)
    lines.push(`  ${marks.skipped} ${colour.dim(`not run, ${why}:`)} ${files.join(', ')}`);
  for (const result of results.filter((each) => each.name !== NOT_RUN)) {
    const why = result.status === 'skipped' && result.message ? `: ${result.message}` : '';
    lines.push(
      `  ${marks[result.status]} ${colour.dim(`${result.file} ›`)} ${result.name}${colour.dim(why)}`,
    );
    if (result.status === 'failed' && result.message) {
      const message = stripAnsi(result.message)
        .split('\n')
        .filter((line) => line.trim() && !/^\s+at /.test(line));
      for (const line of message.slice(0, 8)) lines.push(`      ${colour.red(line)}`);
    }
  }
  return lines.join('\n');
}

export function countResults(results: CheckResult[]) {
  return {
    passed: results.filter((result) => result.status === 'passed').length,
    failed: results.filter((result) => result.status === 'failed').length,
    skipped: results.filter((result) => result.status === 'skipped').length,
  };
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
