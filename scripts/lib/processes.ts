// Child processes that never outlive the script: each runs in its own process group, and
// every one still running is stopped on exit, on failure and on Ctrl-C.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Environment variables for a child (process.env's type would demand NODE_ENV once Next's types load). */
export type Env = Partial<NodeJS.ProcessEnv>;

export interface Managed {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** The last lines the process printed, for error messages. */
  tail(): string;
  stop(): Promise<void>;
  /** SIGKILL at once, synchronously (for the last moment before this script exits). */
  kill(): void;
  /** True once stop() was called: it ended because we ended it, not by itself. */
  readonly stopped: boolean;
  readonly background: boolean;
}

export interface StartOptions {
  cwd: string;
  env?: Env;
  /** Every line of stdout and stderr is appended here. */
  logFile?: string;
  onLine?: (line: string) => void;
  /** Start a process group of its own (default: yes, unless started from inside a check). */
  ownGroup?: boolean;
  /**
   * Work for a later run (a frontend built ahead of time): the end of the current run leaves it
   * alone (`stopAll({ keepBackground: true })`); exiting the script still stops it.
   */
  background?: boolean;
}

const running = new Set<Managed>();
const isWindows = process.platform === 'win32';
/**
 * Processes started by a check (inside Vitest or Playwright) stay in the test runner's
 * process group, so stopping the test runner's group also stops them, even when the test
 * was killed before its afterAll ran. Only the outermost script makes groups of its own.
 */
const nested = process.env.WORKSHOP_NESTED === '1';
const TAIL_LINES = 40;

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: StartOptions,
): Managed {
  const detached = !isWindows && (options.ownGroup ?? !nested);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...(options.env ?? process.env), WORKSHOP_NESTED: '1' } as NodeJS.ProcessEnv,
    // A group of its own, so stopping it also stops whatever it started (next, esbuild…).
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });

  const output = collectOutput(child, options);
  const exited = new Promise<number | string>((resolve) => {
    child.on('error', (error) => {
      output.lines.push(String(error));
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 1));
  });

  let stopped = false;
  const managed: Managed = {
    name,
    child,
    exited,
    tail: () => output.lines.join('\n'),
    kill: () => signalGroup(child, 'SIGKILL', detached),
    get stopped() {
      return stopped;
    },
    background: options.background ?? false,
    stop: async () => {
      stopped = true;
      await stopTree(child, exited, detached);
      output.end();
      running.delete(managed);
    },
  };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

/** Keeps the last lines a child printed, appends all of them to the log file, and passes each on. */
function collectOutput(child: ChildProcess, options: StartOptions) {
  const lines: string[] = [];
  let logStream: ReturnType<typeof createWriteStream> | undefined;
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    logStream = createWriteStream(options.logFile, { flags: 'a' });
  }
  const collect = (chunk: Buffer) => {
    logStream?.write(chunk);
    for (const line of chunk.toString().split(/\r?\n/)) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      options.onLine?.(line);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { lines, end: () => logStream?.end() };
}

/**
 * npm itself as [command, args], run by this Node so that no shell is needed (npm on Windows is
 * a .cmd). Taken from npm_execpath, which npm sets for the scripts it runs: undefined when npm
 * did not start this script, and each caller says what it does then.
 */
export function npmCommand(args: string[]): [string, string[]] | undefined {
  const npm = process.env.npm_execpath;
  return npm && /npm-cli\.[cm]?js$/.test(npm) ? [process.execPath, [npm, ...args]] : undefined;
}

/** Runs a command to the end; resolves with its exit code and the last lines it printed. */
export async function runToEnd(
  name: string,
  command: string,
  args: string[],
  options: StartOptions,
): Promise<{ code: number | string; tail: string; stopped: boolean }> {
  const managed = startProcess(name, command, args, options);
  const code = await managed.exited;
  running.delete(managed);
  return { code, tail: managed.tail(), stopped: managed.stopped };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals, detached: boolean): void {
  if (child.pid === undefined) return;
  try {
    if (isWindows) {
      spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    } else {
      process.kill(detached ? -child.pid : child.pid, signal);
    }
  } catch {
    // Already gone.
  }
}

async function stopTree(
  child: ChildProcess,
  exited: Promise<unknown>,
  detached: boolean,
  graceMs = 5_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    // The leader is gone; members of its group may not be.
    if (detached) signalGroup(child, 'SIGKILL', true);
    return;
  }
  signalGroup(child, 'SIGTERM', detached);
  const timer = new Promise((resolve) => setTimeout(resolve, graceMs).unref());
  if ((await Promise.race([exited.then(() => 'exited'), timer])) !== 'exited') {
    signalGroup(child, 'SIGKILL', detached);
    await exited;
  }
  // Grandchildren that ignored SIGTERM still share the group.
  if (detached) signalGroup(child, 'SIGKILL', true);
}

/** Stops every process this script started, most recent first (background work too, unless kept). */
export async function stopAll(options: { keepBackground?: boolean } = {}): Promise<void> {
  for (const managed of [...running].reverse()) {
    if (options.keepBackground && managed.background) continue;
    await managed.stop();
  }
}

/** Number of processes still tracked as running (the tooling's tests use it). */
export function runningCount(): number {
  return running.size;
}

let handlersInstalled = false;

/** On Ctrl-C or SIGTERM: stop everything, then exit 130/143. On any exit: kill what is left. */
export function stopAllOnExit(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    // `on`, not `once`: the same Ctrl-C often arrives twice (from the terminal, and relayed
    // by npm or tsx), and a second, unhandled one would kill this process mid-cleanup.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\nStopping (${signal})…`);
      void stopAll().finally(() => process.exit(code));
    });
  };
  onSignal('SIGINT', 130);
  onSignal('SIGTERM', 143);
  process.on('exit', () => {
    for (const managed of running) managed.kill();
  });
}
