// Runs one step's checks: starts what the step needs, runs Vitest and Playwright, stops it all.
// Used by `npm run step`, `npm run check` and `npm test`.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
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
import { ensureFrontendBuild } from './frontend-builds.ts';
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
}

interface StepEnv {
  backend?: Record<string, string>;
  frontend?: Record<string, string>;
}

const secret = () => randomBytes(36).toString('base64url');

/**
 * The backend port a run asks for first. Next.js writes NEXT_PUBLIC_API_URL (with this port)
 * into the frontend build, so one port for every run lets a build be reused (frontend-builds.ts).
 */
export const RUNNER_BACKEND_PORT = 4100;
export const runnerBackendUrl = `http://127.0.0.1:${RUNNER_BACKEND_PORT}`;

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
  const frontendDir = join(codeDir, 'frontend');
  const backendDir = join(codeDir, 'backend');
  const runDir = join(outputDir, 'runs', `${step.folder}-${mode}-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const logDir = join(runDir, 'logs');

  const where = relative(repoRoot, codeDir) || 'your workspace (frontend/, backend/)';
  if (options.quiet) log.step(`Step ${step.number}'s checks against ${where} (expected to fail)`);
  else console.log(colour.bold(`\nStep ${step.number} · ${step.title} · checking ${where}`));

  const results: CheckResult[] = [];
  const setupFailed = (name: string, message: string) =>
    results.push({ file: 'setup', name, status: 'failed', message });
  const extra = readStepEnv(step);
  const secrets = {
    JWT_SECRET: secret(),
    JWT_REFRESH_SECRET: secret(),
    NEXTAUTH_SECRET: secret(),
  };
  let database: Database | undefined;
  let engine: string | undefined;
  const services: Service[] = [];
  const others: StepRun['others'] = [];
  let codeStarted = false;
  let build: Temperature | undefined;

  try {
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

    const frontendPort = await freePort();
    const frontendUrl = `http://127.0.0.1:${frontendPort}`;
    const checkEnv: Env = {
      STEP_NUMBER: String(step.number),
      CODE_DIR: codeDir,
      FRONTEND_DIR: frontendDir,
      ...(step.hasFrontend ? { FRONTEND_URL: frontendUrl } : {}),
      ...secrets,
    };

    if (step.hasBackend) {
      log.step('Starting the database…');
      database = await startDatabase();
      engine = database.engine;
      const mongodbUri = `${database.uri}workshop_${Date.now().toString(36)}`;
      log.ok(`Database: ${database.engine} at ${database.uri}`);
      log.step('Starting the backend…');
      const backendPort = (await isPortTaken(RUNNER_BACKEND_PORT))
        ? await freePort()
        : RUNNER_BACKEND_PORT;
      const backend = await startService('the backend starts', () =>
        startBackend({
          port: backendPort,
          dir: backendDir,
          logDir,
          env: {
            ...secrets,
            MONGODB_URI: mongodbUri,
            CORS_ORIGIN: frontendUrl,
            NODE_ENV: 'test',
            ...extra.backend,
          },
        }),
      );
      services.push(backend);
      log.ok(`Backend: ${backend.url}`);
      Object.assign(checkEnv, {
        BACKEND_DIR: backendDir,
        BACKEND_URL: backend.url,
        MONGODB_URI: mongodbUri,
      });
    }

    if (step.hasFrontend) {
      const env = frontendEnv(
        step,
        { frontend: frontendUrl, backend: checkEnv.BACKEND_URL ?? runnerBackendUrl },
        secrets.NEXTAUTH_SECRET,
      );
      log.step('Building the frontend (next build)…');
      const outcome = await startService('the frontend builds', () =>
        ensureFrontendBuild({ dir: frontendDir, env, logDir }),
      );
      if (outcome === 'reused')
        log.ok('Frontend: the build of these very files is already there (not rebuilt)');
      build = outcome === 'cold' ? 'cold' : 'warm';
      log.step('Starting the frontend…');
      const frontend = await startService('the frontend starts', () =>
        startFrontend({ dir: frontendDir, env, port: frontendPort, logDir }),
      );
      services.push(frontend);
      log.ok(`Frontend: ${frontend.url}`);
    }

    codeStarted = true;
    results.push(
      ...(await runChecks(step, checkEnv, runDir, filteredFiles(step, options.filters))),
    );
    // A service that died during the checks explains their failures better than they can.
    for (const service of services) {
      const code = service.process.child.exitCode ?? service.process.child.signalCode;
      if (code !== null)
        setupFailed(
          `the ${service.name} stays up`,
          `The ${service.name} exited (${code}) while the checks ran:\n${service.process.tail()}`,
        );
    }
    for (const other of options.alsoCheck ?? []) {
      log.step(`Running step ${other.number}'s checks against this code (they should fail)…`);
      const otherEnv = {
        ...checkEnv,
        STEP_NUMBER: String(other.number),
        CHECKS_EXPECTED_TO_FAIL: '1',
      };
      const files = redRunFiles(other, step);
      others.push({
        step: other,
        results: await runChecks(other, otherEnv, join(runDir, `against-${other.folder}`), files),
        codeStarted,
      });
    }
  } catch (error) {
    if (error instanceof SetupError) setupFailed(error.check, error.message);
    else setupFailed('the services start', (error as Error).message);
  } finally {
    for (const other of options.alsoCheck ?? []) {
      if (!others.some((done) => done.step === other))
        others.push({ step: other, results: [], codeStarted });
    }
    for (const service of services.reverse()) await service.stop();
    await database?.stop();
    await stopAll();
  }

  if (results.length === 0) {
    const unmatched = options.filters?.length
      ? ` No check file's name contains ${options.filters.map((filter) => `"${filter}"`).join(' or ')}.`
      : '';
    setupFailed(
      'has checks',
      `No checks ran from ${relative(repoRoot, step.testsDir)}.${unmatched}`,
    );
  }
  if (!options.quiet) console.log(`\n${formatChecklist(results)}`);
  const totals = countResults(results);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''} (${seconds} s)`;
  if (!options.quiet) console.log(totals.failed ? colour.red(summary) : colour.green(summary));
  if (totals.failed)
    console.log(colour.dim(`  Logs of the services: ${relative(repoRoot, logDir)}`));
  return {
    step,
    mode,
    codeDir,
    results,
    passed: totals.passed,
    failed: totals.failed,
    engine,
    seconds,
    build,
    others,
  };
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

/** The check files matching any of the filters, or undefined (all) without filters. */
export function filteredFiles(
  step: Pick<Step, 'testsDir'>,
  filters: string[] | undefined,
): string[] | undefined {
  if (!filters?.length) return undefined;
  return listCheckFiles(step.testsDir).filter((file) =>
    filters.some((filter) => file.includes(filter)),
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
): Promise<CheckResult[]> {
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  // Checks expected to fail get short timeouts, so a red run does not wait out every timeout.
  const quick =
    checkEnv.CHECKS_EXPECTED_TO_FAIL === '1' ? ['--testTimeout=8000', '--hookTimeout=20000'] : [];
  const files = only ?? listCheckFiles(step.testsDir);
  const testsDirFromRoot = relative(repoRoot, step.testsDir).replace(/\\/g, '/');
  // Vitest matches its filters as parts of the file path; Playwright as regular expressions.
  const vitestFilters =
    only
      ?.filter((file) => file.endsWith('.test.ts'))
      .map((file) => `${testsDirFromRoot}/${file}`) ?? [];
  const playwrightFilters =
    only
      ?.filter((file) => file.endsWith('.spec.ts'))
      .map((file) => `[\\\\/]${escapeRegExp(file)}$`) ?? [];
  const env = { ...process.env, ...checkEnv, FORCE_COLOR: '0' };
  const results: CheckResult[] = [];

  if (files.some((file) => file.endsWith('.test.ts'))) {
    log.step('Running the HTTP and database checks (Vitest)…');
    const report = join(runDir, 'vitest.json');
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
        ...quick,
        ...vitestFilters,
      ],
      { cwd: repoRoot, env, logFile: join(runDir, 'logs', 'vitest.log') },
    );
    const found = readVitestReport(report);
    if (found.length === 0)
      found.push({
        file: 'vitest',
        name: 'runs',
        status: 'failed',
        message: `Vitest wrote no report; see ${join(runDir, 'logs', 'vitest.log')}`,
      });
    results.push(...found);
  }

  if (files.some((file) => file.endsWith('.spec.ts'))) {
    log.step('Running the browser checks (Playwright, Chromium)…');
    const report = join(runDir, 'playwright.json');
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
        ...playwrightFilters,
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
        logFile: join(runDir, 'logs', 'playwright.log'),
      },
    );
    const found = readPlaywrightReport(report);
    if (found.length === 0)
      found.push({
        file: 'playwright',
        name: 'runs',
        status: 'failed',
        message: `Playwright wrote no report; see ${join(runDir, 'logs', 'playwright.log')}`,
      });
    results.push(...found);
  }
  return results;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
