// Runs one step's checks: starts what the step needs, runs Vitest and Playwright, stops it all.
// Used by `npm run step`, `npm run check` and `npm test`.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { startDatabase, type Database } from '../db/launch.ts';
import { colour, log } from './log.ts';
import { outputDir, packageBin, repoRoot } from './paths.ts';
import { freePort, isPortTaken } from './ports.ts';
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
import { ensureFrontendBuild, type BuildOutcome } from './frontend-builds.ts';
import {
  preconditionFiles,
  readPreconditions,
  skippedBecause,
  sortOutPreconditions,
} from './preconditions.ts';
import { startBackend, startFrontend, type Service } from './services.ts';
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

interface StepEnv {
  backend?: Record<string, string>;
  frontend?: Record<string, string>;
}

const secret = () => randomBytes(36).toString('base64url');

/**
 * bcrypt's cost for the run's backend: 10, the least production accepts. The checks register
 * and sign in thousands of times, and at the default 12 each hash takes four times as long
 * (a third of a second here). Lower would be faster still, but the timing checks (an unknown
 * email takes as long as a wrong password) need a hash that takes longer than a database
 * round trip. config.test.ts proves that the default stays 12.
 */
export const CHECK_BCRYPT_COST = '10';

/**
 * The backend port a run asks for first. Next.js writes NEXT_PUBLIC_API_URL (with this port)
 * into the frontend build, so the same port for the same code lets a build be reused
 * (frontend-builds.ts). Derived from the folder: two runs of different code at the same time
 * (another step, another clone) ask for different ports instead of taking turns at one.
 */
export function runnerBackendPort(codeDir: string): number {
  const hash = createHash('sha256').update(resolve(codeDir)).digest();
  return 4100 + (hash.readUInt32BE(0) % 800);
}

export const runnerBackendUrl = (codeDir: string) =>
  `http://127.0.0.1:${runnerBackendPort(codeDir)}`;

/** The variables the step's frontend gets, for `next build` and `next start`. */
export function frontendEnv(
  step: Step,
  urls: { frontend: string; backend: string },
  nextAuthSecret: string,
): Env {
  return {
    NEXTAUTH_URL: urls.frontend,
    NEXTAUTH_SECRET: nextAuthSecret,
    BACKEND_URL: urls.backend,
    NEXT_PUBLIC_API_URL: `${urls.backend}/api`,
    ...readStepEnv(step).frontend,
  };
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
    for (const service of running.services.reverse()) await service.stop();
    await running.database?.stop();
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
async function runInOrder(
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

/** What a run has started, for stopping it again; and how the frontend was built. */
interface Running {
  database?: Database;
  services: Service[];
  build?: Temperature;
  /** How many results were printed already, as they came. */
  shown?: number;
}

interface StartedApps {
  checkEnv: Env;
  running: Running;
  /** Starts `next build` in the background (once; nothing without a frontend). */
  buildFrontend: () => void;
  /** Builds (if not yet) and starts the frontend; resolves once it answers. */
  frontendReady: () => Promise<void>;
}

const setupFailure = (name: string, message: string): CheckResult => ({
  file: 'setup',
  name,
  status: 'failed',
  message,
});

/**
 * Starts the database and the backend the step has, and the frontend's build; returns the
 * checks' env, and a way to wait for the frontend.
 */
async function startApps(
  step: Step,
  codeDir: string,
  logDir: string,
  running: Running,
): Promise<StartedApps> {
  const frontendDir = join(codeDir, 'frontend');
  const backendDir = join(codeDir, 'backend');
  for (const [part, needed, dir] of [
    ['frontend', step.hasFrontend, frontendDir],
    ['backend', step.hasBackend, backendDir],
  ] as const) {
    if (needed && !existsSync(join(dir, 'package.json'))) {
      throw new SetupError(
        `${part}/ is there`,
        `Step ${step.number} needs ${relative(repoRoot, dir)}/ with a package.json. Follow the chapter, or catch up with \`npm run reset ${step.number - 1}\`.`,
      );
    }
  }
  const secrets = { JWT_SECRET: secret(), JWT_REFRESH_SECRET: secret(), NEXTAUTH_SECRET: secret() };
  const frontendPort = await freePort();
  const frontendUrl = `http://127.0.0.1:${frontendPort}`;
  const checkEnv: Env = {
    STEP_NUMBER: String(step.number),
    CODE_DIR: codeDir,
    FRONTEND_DIR: frontendDir,
    ...(step.hasFrontend ? { FRONTEND_URL: frontendUrl } : {}),
    // Not BCRYPT_COST itself: a backend a check starts with this process's variables gets 12.
    BACKEND_BCRYPT_COST: CHECK_BCRYPT_COST,
    ...secrets,
  };
  if (step.hasBackend) {
    const env = {
      ...secrets,
      CORS_ORIGIN: frontendUrl,
      BCRYPT_COST: CHECK_BCRYPT_COST,
      ...readStepEnv(step).backend,
    };
    const port = runnerBackendPort(codeDir);
    Object.assign(checkEnv, await startBackendWithDatabase(backendDir, port, env, logDir, running));
  }
  const apps: StartedApps = {
    checkEnv,
    running,
    buildFrontend: () => undefined,
    frontendReady: () => Promise.resolve(),
  };
  if (step.hasFrontend) {
    const urls = {
      frontend: frontendUrl,
      backend: checkEnv.BACKEND_URL ?? runnerBackendUrl(codeDir),
    };
    const env = frontendEnv(step, urls, secrets.NEXTAUTH_SECRET);
    const frontend = { dir: frontendDir, env, port: frontendPort, logDir };
    let built: Promise<BuildOutcome> | undefined;
    let started: Promise<void> | undefined;
    apps.buildFrontend = () => {
      built ??= buildFrontendOnce(frontend, running);
      // Awaited only when the checks need it: a run that stops early must not leave it unhandled.
      built.catch(() => undefined);
    };
    apps.frontendReady = () => {
      apps.buildFrontend();
      return (started ??= built!.then((outcome) => startBuiltFrontend(frontend, outcome, running)));
    };
  }
  return apps;
}

/**
 * Whether a check file needs the frontend running: every browser check does, and an HTTP check
 * that names it (FRONTEND_URL, env.frontendDir...), itself or in a helper it imports. A run
 * of backend checks only (`npm run check 3 -- register`) then answers without a `next build`.
 */
export function needsFrontend(testsDir: string, file: string): boolean {
  if (file.endsWith('.spec.ts')) return true;
  const text = readFileSync(join(testsDir, file), 'utf8');
  const helpers = [...text.matchAll(/from '(\.\.?\/[^']+)'/g)].map(([, path]) =>
    join(testsDir, dirname(file), path!),
  );
  return [text, ...helpers.filter(existsSync).map((path) => readFileSync(path, 'utf8'))].some(
    (source) => /frontend/i.test(source),
  );
}

/** A database of the run's own and the backend on it; returns what the checks need to know. */
async function startBackendWithDatabase(
  dir: string,
  preferredPort: number,
  env: Env,
  logDir: string,
  running: Running,
): Promise<Env> {
  log.step('Starting the database…');
  const database = await startDatabase();
  running.database = database;
  const mongodbUri = `${database.uri}workshop_${Date.now().toString(36)}`;
  log.ok(`Database: ${database.engine} at ${database.uri}`);
  log.step('Starting the backend…');
  // Taken (by this code's own earlier run still stopping, or a stranger): any free port, and a
  // rebuild of the frontend, since the port is in its bundle.
  const port = (await isPortTaken(preferredPort)) ? await freePort() : preferredPort;
  const backend = await startService('the backend starts', () =>
    startBackend({
      port,
      dir,
      logDir,
      env: { MONGODB_URI: mongodbUri, NODE_ENV: 'test', ...env },
    }),
  );
  running.services.push(backend);
  log.ok(`Backend: ${backend.url}`);
  return { BACKEND_DIR: dir, BACKEND_URL: backend.url, MONGODB_URI: mongodbUri };
}

interface FrontendToStart {
  dir: string;
  env: Env;
  port: number;
  logDir: string;
}

function buildFrontendOnce(frontend: FrontendToStart, running: Running): Promise<BuildOutcome> {
  log.step('Building the frontend (next build) in the background…');
  return startService('the frontend builds', async () => {
    const outcome = await ensureFrontendBuild(frontend);
    running.build = outcome === 'cold' ? 'cold' : 'warm';
    return outcome;
  });
}

async function startBuiltFrontend(
  frontend: FrontendToStart,
  outcome: BuildOutcome,
  running: Running,
): Promise<void> {
  if (outcome === 'reused')
    log.ok('Frontend: the build of these very files is already there (not rebuilt)');
  log.step('Starting the frontend…');
  const service = await startService('the frontend starts', () => startFrontend(frontend));
  running.services.push(service);
  log.ok(`Frontend: ${service.url}`);
}

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

class SetupError extends Error {
  constructor(
    readonly check: string,
    message: string,
  ) {
    super(message);
  }
}

async function startService<T>(check: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    throw new SetupError(check, (error as Error).message);
  }
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

function readStepEnv(step: Step): StepEnv {
  const path = join(step.testsDir, 'env.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as StepEnv) : {};
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
    { cwd: repoRoot, env, logFile },
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
