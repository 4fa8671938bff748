// Used by the config checks. loadConfig of the backend under test runs in this process, which
// is fast enough for one check per bad value; the real server is started only for what the
// process alone shows: its exit code and what it prints.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, vi } from 'vitest';
import { checkEnv } from '../../../../scripts/checks/env.ts';
import { packageBin } from '../../../../scripts/lib/paths.ts';
import { freePort } from '../../../../scripts/lib/ports.ts';
import type { Env } from '../../../../scripts/lib/processes.ts';

const env = checkEnv();

/**
 * Settings a backend of a check's own starts with: the run's database and secrets, as the runner
 * gives its backend, with these changes (undefined removes one).
 */
export function backendSettings(
  variables: Record<string, string | undefined> = {},
  base: Env = {},
): Env {
  const all: Env = {
    ...base,
    NODE_ENV: 'test',
    CORS_ORIGIN: 'http://127.0.0.1:3000',
    MONGODB_URI: env.mongodbUri,
    JWT_SECRET: env.jwtSecret,
    JWT_REFRESH_SECRET: env.jwtRefreshSecret,
    ...variables,
  };
  for (const [name, value] of Object.entries(all)) if (value === undefined) delete all[name];
  return all;
}

type ConfigProblem = { name?: unknown; message?: unknown; problems?: unknown };

/** What loadConfig threw for these settings, or undefined when it accepted them. */
export async function configErrorWith(
  variables: Record<string, string | undefined>,
): Promise<ConfigProblem | undefined> {
  return (await loadConfigWith(variables)).error;
}

/** What loadConfig of the backend under test returned, or threw, for these settings. */
export async function loadConfigWith(
  variables: Record<string, string | undefined>,
): Promise<{ config?: Record<string, unknown>; error?: ConfigProblem }> {
  expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe('');
  const { loadConfig } = (await import(
    pathToFileURL(join(env.backendDir, 'src/config.ts')).href
  )) as { loadConfig: (env: Env) => unknown };
  // Ending the process here would end every check in this file: report it as a failure instead.
  const exited = new Error('loadConfig called process.exit: throw a ConfigError (src/config.ts)');
  const exit = vi.spyOn(process, 'exit').mockImplementation(() => {
    throw exited;
  });
  try {
    return { config: loadConfig(backendSettings(variables)) as Record<string, unknown> };
  } catch (error) {
    if (error === exited) throw error;
    return { error: error as ConfigProblem };
  } finally {
    exit.mockRestore();
  }
}

export interface Start {
  outcome: 'exited' | 'listening' | 'timed out';
  code: number | null;
  output: string;
}

/**
 * Runs `tsx src/server.ts` in the backend folder with these settings, and stops it as soon as
 * it says it listens (it accepted them), or after 20 s.
 */
export async function startBackendWith(
  variables: Record<string, string | undefined>,
): Promise<Start> {
  expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe('');
  const childEnv = backendSettings({ PORT: String(await freePort()), ...variables }, process.env);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [packageBin('tsx/dist/cli.mjs'), 'src/server.ts'], {
      cwd: env.backendDir,
      env: childEnv as NodeJS.ProcessEnv,
    });
    let output = '';
    let outcome: Start['outcome'] = 'exited';
    const stop = (why: Start['outcome']) => {
      outcome = why;
      child.kill('SIGKILL');
    };
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('API listening')) stop('listening');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => stop('timed out'), 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ outcome: 'exited', code: null, output: `${output}\n${error.message}` });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ outcome, code, output });
    });
  });
}
