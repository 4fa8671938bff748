// Runs one step's checks: starts what the step needs, runs Vitest and Playwright, stops it all.
// Used by `npm run step`, `npm run check` and `npm test`.
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { colour, log } from './log.ts';
import { outputDir, packageBin, repoRoot } from './paths.ts';
import { runToEnd, stopAll, type Env } from './processes.ts';
import {
  countResults,
  formatChecklist,
  readPlaywrightReport,
  readVitestReport,
  type CheckResult,
} from './results.ts';
import { firstLoggedError } from './backend-errors.ts';
import { expandParts } from './parts.ts';
import {
  preconditionFiles,
  readPreconditions,
  skippedBecause,
  sortOutPreconditions,
} from './preconditions.ts';
import type { Service } from './services.ts';
import {
  needsFrontend,
  SetupError,
  startApps,
  stopApps,
  type Running,
  type StartedApps,
} from './step-apps.ts';
import { listCheckFiles, redRunFiles } from './red-green.ts';
import type { Step } from './steps.ts';
import type { Temperature } from './timings.ts';

export type Mode = 'step' | 'check';

export interface StepRun {
  step: Step;
  mode: Mode;
  /** Code under test: the step folder, the workspace (repo root), or any folder with frontend/ and backend/. */
  codeDir: string;
  results: CheckResult[];
  passed: number;
  failed: number;
  engine?: string;
  seconds: number;
  /** Whether the frontend was built from scratch (cold) or on an earlier build's `.next` (warm). */
  build?: Temperature;
  /** Other steps' checks run against the same code and services (the red -> green proof). */
  others: { step: Step; results: CheckResult[]; codeStarted: boolean }[];
}

export interface RunOptions {
  codeDir?: string;
  /** Also run these steps' checks against this code, expecting their new checks to fail. */
  alsoCheck?: Step[];
  /** Print only the summary line, not the checklist. */
  quiet?: boolean;
  /** Run only the check files whose path (relative to the tests folder) contains one of these. */
  filters?: string[];
  /** Stop at the first failing check. */
  bail?: boolean;
}

export async function runStep(step: Step, mode: Mode, options: RunOptions = {}): Promise<StepRun> {
  const started = Date.now();
  const codeDir = options.codeDir ?? (mode === 'step' ? step.dir : repoRoot);
  const runDir = join(outputDir, 'runs', `${step.folder}-${mode}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const logDir = join(runDir, 'logs');
  const where = relative(repoRoot, codeDir) || 'your workspace (frontend/, backend/)';
  if (options.quiet) log.step(`Step ${step.number}'s checks against ${where} (expected to fail)`);
  else console.log(colour.bold(`\nStep ${step.number} · ${step.title} · checking ${where}`));

  const results: CheckResult[] = [];
  const others: StepRun['others'] = [];
  const running: Running = { services: [] };
  let codeStarted = false;
  try {
    const apps = await startApps(step, codeDir, logDir, running);
    codeStarted = true;
    results.push(...(await runInOrder(step, apps, runDir, options)));
    results.push(...servicesThatDied(running.services));
    if (options.alsoCheck?.length) await apps.frontendReady();
    for (const other of options.alsoCheck ?? []) {
      const found = await runRedChecks(other, step, apps.checkEnv, runDir);
      others.push({ step: other, results: found, codeStarted });
    }
  } catch (error) {
    const check = error instanceof SetupError ? error.check : 'the services start';
    results.push(setupFailure(check, (error as Error).message));
  } finally {
    for (const other of options.alsoCheck ?? []) {
      if (!others.some((done) => done.step === other))
        others.push({ step: other, results: [], codeStarted });
    }
    await stopApps(running);
    // Anything else this run started; the next step's frontend building ahead of time goes on.
    await stopAll({ keepBackground: true });
  }

  if (results.length === 0) results.push(noChecksRan(step, options.filters));
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const totals = reportRun(results, {
    quiet: options.quiet,
    seconds,
    logDir,
    shown: running.shown,
  });
  const { engine } = running.database ?? {};
  return { step, mode, codeDir, results, ...totals, engine, seconds, build: running.build, others };
}

/**
 * The checks in two rounds: first the step's preconditions (tests/preconditions.json), which
 * need only the backend and run while the frontend builds, so their answer comes within
 * seconds; then, once the frontend is up, the rest. A failed precondition skips the rest.
 * A filtered run checks just what was asked for, in one round.
 */
export async function runInOrder(
  step: Step,
  apps: StartedApps,
  runDir: string,
  options: RunOptions,
): Promise<CheckResult[]> {
  const files = filteredFiles(step, options.filters) ?? listCheckFiles(step.testsDir);
  const preconditions = options.filters?.length ? [] : readPreconditions(step.testsDir);
  const first = preconditionFiles(preconditions).filter((file) => files.includes(file));
  const rest = files.filter((file) => !first.includes(file));
  const results: CheckResult[] = [];
  if (files.length === 0) return results;
  const frontendNeeded = rest.some((file) => needsFrontend(step.testsDir, file));
  if (frontendNeeded) apps.buildFrontend();
  if (first.length > 0) {
    log.step(`First, what the other checks need (${first.join(', ')})…`);
    const found = await runChecks(step, apps.checkEnv, join(runDir, 'first'), first, options);
    const { results: sorted, needs } = sortOutPreconditions(preconditions, found);
    results.push(...sorted);
    if (!options.quiet) console.log(`\n${formatChecklist(results)}`);
    apps.running.shown = results.length;
    if (needs.length > 0) return [...results, ...skippedBecause(needs, rest)];
    if (options.bail && results.some((result) => result.status === 'failed')) return results;
  }
  if (frontendNeeded) await apps.frontendReady();
  if (rest.length > 0)
    results.push(...(await runChecks(step, apps.checkEnv, runDir, rest, options)));
  return results;
}

const setupFailure = (name: string, message: string): CheckResult => ({
  file: 'setup',
  name,
  status: 'failed',
  message,
});

/** A service that died during the checks explains their failures better than they can. */
function servicesThatDied(services: Service[]): CheckResult[] {
  return services.flatMap((service) => {
    const code = service.process.child.exitCode ?? service.process.child.signalCode;
    if (code === null) return [];
    return [
      setupFailure(
        `the ${service.name} stays up`,
        `The ${service.name} exited (${code}) while the checks ran:\n${service.process.tail()}`,
      ),
    ];
  });
}

/** Another step's new checks against this step's code and services (the red -> green proof). */
function runRedChecks(other: Step, step: Step, checkEnv: Env, runDir: string) {
  log.step(`Running step ${other.number}'s checks against this code (they should fail)…`);
  const otherEnv = { ...checkEnv, STEP_NUMBER: String(other.number), CHECKS_EXPECTED_TO_FAIL: '1' };
  const files = redRunFiles(other, step);
  return runChecks(other, otherEnv, join(runDir, `against-${other.folder}`), files);
}

function noChecksRan(step: Step, filters: string[] | undefined): CheckResult {
  const unmatched = filters?.length
    ? ` No check file's name contains ${filters.map((filter) => `"${filter}"`).join(' or ')}.`
    : '';
  return setupFailure(
    'has checks',
    `No checks ran from ${relative(repoRoot, step.testsDir)}.${unmatched}`,
  );
}

/** The checklist and the summary line; returns the counts. */
function reportRun(
  results: CheckResult[],
  options: { quiet?: boolean; seconds: number; logDir: string; shown?: number },
): { passed: number; failed: number } {
  const unshown = results.slice(options.shown ?? 0);
  if (!options.quiet && unshown.length > 0) console.log(`\n${formatChecklist(unshown)}`);
  const totals = countResults(results);
  // In a long list the failures scroll away, and a log's tail is what CI shows: repeat them last.
  const failures = unshown.filter((result) => result.status === 'failed');
  if (!options.quiet && failures.length > 0 && unshown.length > 20)
    console.log(`\n  The failures of the list above, again:\n${formatChecklist(failures)}`);
  const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''} (${options.seconds} s)`;
  if (!options.quiet) console.log(totals.failed ? colour.red(summary) : colour.green(summary));
  if (totals.failed) {
    const backendError = firstLoggedError(join(options.logDir, 'backend.log'));
    if (backendError) {
      const where = relative(repoRoot, join(options.logDir, 'backend.log'));
      console.log(
        `\n  The backend logged an error with its stack (${where}); a check that got a 500 saw only its message:`,
      );
      console.log(backendError.replace(/^/gm, '    '));
    }
    console.log(colour.dim(`  Logs of the services: ${relative(repoRoot, options.logDir)}`));
  }
  return { passed: totals.passed, failed: totals.failed };
}

/**
 * The check files matching any of the filters, or undefined (all) without filters. A filter
 * that names a part of the step (tests/parts.json) selects that part's files.
 */
export function filteredFiles(
  step: Pick<Step, 'testsDir'>,
  filters: string[] | undefined,
): string[] | undefined {
  if (!filters?.length) return undefined;
  const { parts, words } = expandParts(step.testsDir, filters);
  return listCheckFiles(step.testsDir).filter(
    (file) => parts.includes(file) || words.some((word) => file.includes(word)),
  );
}

/** Runs the step's checks; with `only`, just those files (paths relative to the tests folder). */
async function runChecks(
  step: Step,
  checkEnv: Env,
  runDir: string,
  only?: string[],
  { bail }: { bail?: boolean } = {},
): Promise<CheckResult[]> {
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  const files = only ?? listCheckFiles(step.testsDir);
  const env = { ...process.env, ...checkEnv, FORCE_COLOR: '0' };
  // Checks expected to fail get short timeouts, so a red run does not wait out every timeout.
  const quick =
    checkEnv.CHECKS_EXPECTED_TO_FAIL === '1' ? ['--testTimeout=8000', '--hookTimeout=20000'] : [];
  const results: CheckResult[] = [];
  if (files.some((file) => file.endsWith('.test.ts')))
    results.push(
      ...(await runVitest(
        step,
        { env, runDir, extra: [...quick, ...(bail ? ['--bail=1'] : [])] },
        files,
      )),
    );
  if (bail && results.some((result) => result.status === 'failed')) return results;
  if (files.some((file) => file.endsWith('.spec.ts')))
    results.push(...(await runPlaywright(step, env, runDir, files, bail)));
  return results;
}

/** The HTTP and database checks; Vitest matches its filters as parts of the file path. */
async function runVitest(
  step: Step,
  { env, runDir, extra }: { env: Env; runDir: string; extra: string[] },
  only?: string[],
) {
  log.step('Running the HTTP and database checks (Vitest)…');
  const testsDirFromRoot = relative(repoRoot, step.testsDir).replace(/\\/g, '/');
  const filters =
    only
      ?.filter((file) => file.endsWith('.test.ts'))
      .map((file) => `${testsDirFromRoot}/${file}`) ?? [];
  const report = join(runDir, 'vitest.json');
  const logFile = join(runDir, 'logs', 'vitest.log');
  await runToEnd(
    'vitest',
    process.execPath,
    [
      packageBin('vitest/vitest.mjs'),
      'run',
      '--config',
      join(repoRoot, 'scripts/checks/vitest.config.ts'),
      '--dir',
      step.testsDir,
      '--reporter=json',
      `--outputFile=${report}`,
      ...extra,
      ...filters,
    ],
    { cwd: repoRoot, env: { ...env, CHECKS_DIR: step.testsDir }, logFile },
  );
  return orNoReport(readVitestReport(report), 'Vitest', logFile);
}

/** The browser checks; Playwright matches its filters as regular expressions. */
async function runPlaywright(
  step: Step,
  env: Env,
  runDir: string,
  only?: string[],
  bail?: boolean,
) {
  log.step('Running the browser checks (Playwright, Chromium)…');
  const filters =
    only
      ?.filter((file) => file.endsWith('.spec.ts'))
      .map((file) => `[\\\\/]${escapeRegExp(file)}$`) ?? [];
  const report = join(runDir, 'playwright.json');
  const logFile = join(runDir, 'logs', 'playwright.log');
  rmSync(report, { force: true });
  await runToEnd(
    'playwright',
    process.execPath,
    [
      packageBin('@playwright/test/cli.js'),
      'test',
      '--config',
      join(repoRoot, 'scripts/checks/playwright.config.ts'),
      '--reporter=json',
      ...(bail ? ['--max-failures=1'] : []),
      ...filters,
    ],
    {
      cwd: repoRoot,
      env: {
        ...env,
        STEP_TESTS_DIR: step.testsDir,
        WORKSHOP_OUTPUT_DIR: runDir,
        PLAYWRIGHT_JSON_OUTPUT_FILE: report,
        PLAYWRIGHT_JSON_OUTPUT_NAME: report,
      },
      logFile,
    },
  );
  return orNoReport(readPlaywrightReport(report), 'Playwright', logFile);
}

/** A runner that wrote no report has failed, whatever it printed: say where its log is. */
function orNoReport(found: CheckResult[], tool: string, logFile: string): CheckResult[] {
  if (found.length > 0) return found;
  const message = `${tool} wrote no report; see ${logFile}`;
  return [{ file: tool.toLowerCase(), name: 'runs', status: 'failed', message }];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
