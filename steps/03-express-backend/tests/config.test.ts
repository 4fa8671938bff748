// Bad settings stop the backend at start-up with a message that names the variable, and a
// database that cannot be reached at start-up is a clear error too, not a hang.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { packageBin } from '../../../scripts/lib/paths.ts';
import { freePort } from '../../../scripts/lib/ports.ts';
import { env } from './helpers.ts';
import type { Env } from '../../../scripts/lib/processes.ts';

interface Exit {
  code: number | null | 'still running';
  output: string;
}

/** Runs `tsx src/server.ts` in the backend folder with these variables; stops it after 20 s. */
async function startBackendWith(variables: Record<string, string | undefined>): Promise<Exit> {
  expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe('');
  const childEnv: Env = {
    ...process.env,
    PORT: String(await freePort()),
    NODE_ENV: 'test',
    CORS_ORIGIN: 'http://127.0.0.1:3000',
  };
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [packageBin('tsx/dist/cli.mjs'), 'src/server.ts'], {
      cwd: env.backendDir,
      env: childEnv as NodeJS.ProcessEnv,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: 'still running', output });
    }, 20_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}\n${error.message}` });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

// A backend/.env would fill in a variable that is not set at all (never one that is set, even
// to ""), so where that file exists "missing" is tested as an empty value.
const missing = existsSync(join(env.backendDir, '.env')) ? '' : undefined;

describe('when the backend starts with a bad JWT_SECRET', () => {
  test.each([
    ['missing', missing],
    ['shorter than 32 characters', 'too-short-secret'],
  ])(
    'then a JWT_SECRET that is %s stops it with a non-zero exit and a message naming JWT_SECRET',
    async (_what, value) => {
      const exit = await startBackendWith({ JWT_SECRET: value, MONGODB_URI: env.mongodbUri });

      expect(
        exit.code,
        `The backend should refuse to start (validate the config with zod in src/config.ts). Output:\n${exit.output}`,
      ).not.toBe('still running');
      expect(
        exit.code,
        `The backend should exit with a non-zero code. Output:\n${exit.output}`,
      ).not.toBe(0);
      expect(
        exit.output,
        'The message should name the variable, so the person starting it knows what to fix',
      ).toContain('JWT_SECRET');
    },
  );
});

describe('when no database answers at MONGODB_URI at start-up', () => {
  test('then the backend exits non-zero with a message naming MONGODB_URI, instead of hanging', async () => {
    const nobody = `mongodb://127.0.0.1:${await freePort()}/workshop`;
    const exit = await startBackendWith({ JWT_SECRET: env.jwtSecret, MONGODB_URI: nobody });

    expect(
      exit.code,
      `The backend should give up (serverSelectionTimeoutMS) and exit, not wait forever. Output:\n${exit.output}`,
    ).not.toBe('still running');
    expect(
      exit.code,
      `The backend should exit with a non-zero code. Output:\n${exit.output}`,
    ).not.toBe(0);
    expect(
      exit.output,
      'Catch the failed mongoose.connect() and print a message that names MONGODB_URI',
    ).toContain('MONGODB_URI');
  });
});
