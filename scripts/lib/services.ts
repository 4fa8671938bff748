// Starts the apps of a step (backend, frontend) as child processes and waits until they answer.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort } from './ports.ts';
import { outputDir, packageBin } from './paths.ts';
import { runToEnd, startProcess, type Managed, type Env } from './processes.ts';
import { UserError } from './log.ts';

export interface Service {
  name: string;
  url: string;
  port: number;
  process: Managed;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  dir: string;
  env: Env;
  port?: number;
  /** Folder for this run's logs (default .workshop/logs). */
  logDir?: string;
  name?: string;
  /** Built ahead of time for a later run: the end of the current run does not stop it. */
  background?: boolean;
}

/** The Next.js of the app in `dir`: the workspace's for the steps, its own for an app installed apart. */
const nextCli = (dir: string) => {
  try {
    return createRequire(join(dir, 'package.json')).resolve('next/dist/bin/next');
  } catch {
    return packageBin('next/dist/bin/next');
  }
};

/** What src/server.ts prints once it really listens (and, since it handles a failed listen, only then). */
const LISTENING_LINE = /\bAPI listening on\b/;

/**
 * `node --import tsx src/server.ts` in the backend folder (the backend's `npm start`); ready
 * when it has printed that it listens AND GET /api/health answers 200. The health answer
 * alone could come from another program that took the port first (another run's backend),
 * while ours is failing with EADDRINUSE. Not the `tsx` command: it kills its child when the
 * child does not confirm a signal within 30 ms, which would cut a graceful shutdown short.
 */
export async function startBackend(options: ServiceOptions): Promise<Service> {
  const port = options.port ?? (await freePort());
  const name = options.name ?? 'backend';
  const env = { ...process.env, ...options.env, PORT: String(port) };
  let listening = false;
  const child = startProcess(name, process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: options.dir,
    env,
    logFile: join(options.logDir ?? join(outputDir, 'logs'), `${name}.log`),
    onLine: (line) => (listening ||= LISTENING_LINE.test(line)),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(
    child,
    `${url}/api/health`,
    (status) => status === 200 && listening,
    60_000,
    (status) =>
      status === 200 && !listening
        ? `${url}/api/health answered 200, but the backend we started has not printed "API listening on": is another program on port ${port}?`
        : `${url}/api/health answered ${status}`,
  );
  return { name, url, port, process: child, stop: () => child.stop() };
}

/** The options the app's own build script gives `next build` (`next build --webpack`: --webpack). */
function buildOptions(dir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      scripts?: { build?: string };
    };
    const words = (manifest.scripts?.build ?? '').trim().split(/\s+/);
    return words[0] === 'next' && words[1] === 'build' ? words.slice(2) : [];
  } catch {
    return [];
  }
}

/** `next build` in the frontend folder, as its build script says; throws with the build's last lines when it fails. */
export async function buildFrontend(options: ServiceOptions): Promise<void> {
  const { code, tail, stopped } = await runToEnd(
    'next build',
    process.execPath,
    [nextCli(options.dir), 'build', ...buildOptions(options.dir)],
    {
      cwd: options.dir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env, NODE_ENV: 'production' },
      logFile: join(options.logDir ?? join(outputDir, 'logs'), 'frontend-build.log'),
      background: options.background,
    },
  );
  // next exits 0 on SIGTERM: a stopped build is half a build, never to be stamped as done.
  if (stopped) throw new UserError('The frontend build was stopped before it finished.');
  if (code !== 0)
    throw new UserError(`The frontend does not build (next build exit ${code}):\n${tail}`);
}

/** `next start` on a built frontend; ready when `/` answers with anything but a 5xx. */
export async function startFrontend(options: ServiceOptions): Promise<Service> {
  const port = options.port ?? (await freePort());
  const name = options.name ?? 'frontend';
  const child = startProcess(
    name,
    process.execPath,
    [nextCli(options.dir), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: options.dir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env, NODE_ENV: 'production' },
      logFile: join(options.logDir ?? join(outputDir, 'logs'), `${name}.log`),
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(child, url, (status) => status < 500, 60_000);
  return { name, url, port, process: child, stop: () => child.stop() };
}

/** Polls the URL until `ready(status)`; fails early when the process exits. */
export async function waitUntilReady(
  child: Managed,
  url: string,
  ready: (status: number) => boolean,
  timeoutMs: number,
  notReady: (status: number) => string = (status) => `${url} answered ${status}`,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | string | undefined;
  void child.exited.then((code) => (exitCode = code));
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new UserError(
        `${child.name} exited (${exitCode}) before it was ready:\n${child.tail()}`,
      );
    }
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      if (ready(response.status)) return;
      lastProblem = notReady(response.status);
    } catch (error) {
      lastProblem = `${url}: ${(error as Error).message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new UserError(
    `${child.name} was not ready after ${timeoutMs / 1000} s (${lastProblem}):\n${child.tail()}`,
  );
}
