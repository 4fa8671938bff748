// Starts what a step's checks need: a database of the run's own, the backend on it, and the
// frontend (built in the background, started when a check needs it). Used by run-step.ts for
// one run and by watch.ts, which keeps them up and restarts the app that changed.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { startDatabase, type Database } from '../db/launch.ts';
import { log } from './log.ts';
import { repoRoot } from './paths.ts';
import { freePort, isPortTaken } from './ports.ts';
import type { Env } from './processes.ts';
import { ensureFrontendBuild, type BuildOutcome } from './frontend-builds.ts';
import { startBackend, startFrontend, type Service } from './services.ts';
import type { Step } from './steps.ts';
import type { Temperature } from './timings.ts';

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
 * The backend port a run asks for first: the same for the same code, so its logs and its
 * address stay the same from run to run. Derived from the folder: two runs of different code
 * at the same time (another step, another clone) ask for different ports instead of taking
 * turns at one. The frontend's build does not depend on it: the browser reaches the API
 * through the frontend's own /api/backend, which reads BACKEND_URL when the server starts.
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
    ...readStepEnv(step).frontend,
  };
}

/** What a run has started, for stopping it again; and how the frontend was built. */
export interface Running {
  database?: Database;
  services: Service[];
  build?: Temperature;
  /** How many results were printed already, as they came. */
  shown?: number;
}

export interface StartedApps {
  checkEnv: Env;
  running: Running;
  /** Starts `next build` in the background (once; nothing without a frontend). */
  buildFrontend: () => void;
  /** Builds (if not yet) and starts the frontend; resolves once it answers. */
  frontendReady: () => Promise<void>;
  /** Stops the backend and starts it again on the same port and database (watch mode). */
  restartBackend: () => Promise<void>;
  /** Stops the frontend; the next frontendReady() builds the changed files and starts it again. */
  forgetFrontend: () => Promise<void>;
}

/**
 * Starts the database and the backend the step has, and the frontend's build; returns the
 * checks' env, and a way to wait for the frontend.
 */
export async function startApps(
  step: Step,
  codeDir: string,
  logDir: string,
  running: Running,
): Promise<StartedApps> {
  const frontendDir = join(codeDir, 'frontend');
  const backendDir = join(codeDir, 'backend');
  assertAppsThere(step, frontendDir, backendDir);
  let startBackendAgain: (() => Promise<Service>) | undefined;
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
    const backend = await startBackendWithDatabase(backendDir, port, env, logDir, running);
    Object.assign(checkEnv, backend.checkEnv);
    startBackendAgain = backend.startAgain;
  }
  const apps: StartedApps = {
    checkEnv,
    running,
    buildFrontend: () => undefined,
    frontendReady: () => Promise.resolve(),
    restartBackend: () => restartService(running, 'backend', startBackendAgain),
    forgetFrontend: () => Promise.resolve(),
  };
  if (step.hasFrontend) {
    const urls = {
      frontend: frontendUrl,
      backend: checkEnv.BACKEND_URL ?? runnerBackendUrl(codeDir),
    };
    const env = frontendEnv(step, urls, secrets.NEXTAUTH_SECRET);
    Object.assign(
      apps,
      frontendControls({ dir: frontendDir, env, port: frontendPort, logDir }, running),
    );
  }
  return apps;
}

function assertAppsThere(step: Step, frontendDir: string, backendDir: string): void {
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
}

/** Builds the frontend at most once, starts it when first asked, and forgets it on a change. */
function frontendControls(
  frontend: FrontendToStart,
  running: Running,
): Pick<StartedApps, 'buildFrontend' | 'frontendReady' | 'forgetFrontend'> {
  let built: Promise<BuildOutcome> | undefined;
  let started: Promise<void> | undefined;
  const buildFrontend = () => {
    built ??= buildFrontendOnce(frontend, running);
    // Awaited only when the checks need it: a run that stops early must not leave it unhandled.
    built.catch(() => undefined);
  };
  return {
    buildFrontend,
    frontendReady: () => {
      buildFrontend();
      return (started ??= built!.then((outcome) => startBuiltFrontend(frontend, outcome, running)));
    },
    forgetFrontend: async () => {
      await stopService(running, 'frontend');
      built = undefined;
      started = undefined;
    },
  };
}

/**
 * Whether a check file needs the frontend built and running: every browser check does, and an
 * HTTP check that reaches it (frontendUrl, FRONTEND_URL) or starts one of its own
 * (startFrontend), in the file itself or in a helper of the tests folder it imports, however
 * deep. A run of backend checks only (`npm run check 3 -- register`) then answers without a
 * `next build`.
 */
export function needsFrontend(testsDir: string, file: string): boolean {
  if (file.endsWith('.spec.ts')) return true;
  const seen = new Set<string>();
  const reaches = (path: string): boolean => {
    if (seen.has(path) || !path.startsWith(testsDir) || !existsSync(path)) return false;
    seen.add(path);
    const text = readFileSync(path, 'utf8');
    if (/\b(frontendUrl|FRONTEND_URL|startFrontend)\b/.test(text)) return true;
    const imports = [...text.matchAll(/from '(\.\.?\/[^']+)'/g)];
    return imports.some(([, relativePath]) => reaches(join(dirname(path), relativePath!)));
  };
  return reaches(join(testsDir, file));
}

/**
 * A database of the run's own and the backend on it; returns what the checks need to know, and
 * how to start the backend again on the same port and database (watch mode).
 */
async function startBackendWithDatabase(
  dir: string,
  preferredPort: number,
  env: Env,
  logDir: string,
  running: Running,
): Promise<{ checkEnv: Env; startAgain: () => Promise<Service> }> {
  log.step('Starting the database…');
  const database = await startDatabase();
  running.database = database;
  const mongodbUri = `${database.uri}workshop_${Date.now().toString(36)}`;
  log.ok(`Database: ${database.engine} at ${database.uri}`);
  log.step('Starting the backend…');
  // Taken (by this code's own earlier run still stopping, or a stranger): any free port. The
  // frontend's build stays valid: no backend address is written into it.
  const start = (port: number) =>
    startBackend({ port, dir, logDir, env: { MONGODB_URI: mongodbUri, NODE_ENV: 'test', ...env } });
  let port = (await isPortTaken(preferredPort)) ? await freePort() : preferredPort;
  let backend: Service | undefined;
  // Between "the port is free" and the backend's listen, another program can take it: then
  // the backend exits with EADDRINUSE, and the next free port is tried (twice at most).
  for (let attempt = 1; !backend; attempt += 1) {
    try {
      backend = await startService('the backend starts', () => start(port));
    } catch (error) {
      if (attempt === 3 || !/EADDRINUSE/.test((error as Error).message)) throw error;
      log.warn(`Port ${port} was taken as the backend started; trying another.`);
      port = await freePort();
    }
  }
  running.services.push(backend);
  const chosen = port;
  log.ok(`Backend: ${backend.url}`);
  return {
    checkEnv: { BACKEND_DIR: dir, BACKEND_URL: backend.url, MONGODB_URI: mongodbUri },
    startAgain: () => start(chosen),
  };
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

export class SetupError extends Error {
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

function readStepEnv(step: Step): StepEnv {
  const path = join(step.testsDir, 'env.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as StepEnv) : {};
}

interface StepEnv {
  backend?: Record<string, string>;
  frontend?: Record<string, string>;
}

/** Stops everything a run started, the services last started first. */
export async function stopApps(running: Running): Promise<void> {
  for (const service of [...running.services].reverse()) await service.stop();
  running.services = [];
  await running.database?.stop();
}

async function stopService(running: Running, name: string): Promise<void> {
  const service = running.services.find((each) => each.name === name);
  if (!service) return;
  await service.stop();
  running.services = running.services.filter((each) => each !== service);
}

async function restartService(
  running: Running,
  name: string,
  start: (() => Promise<Service>) | undefined,
): Promise<void> {
  if (!start) return;
  await stopService(running, name);
  log.step(`Restarting the ${name}…`);
  running.services.push(await startService(`the ${name} starts`, start));
}
