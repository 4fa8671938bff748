// The new settings of this step are checked at start-up like the others: a bad one stops the
// backend with a message naming it.
import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { packageBin } from '../../../scripts/lib/paths.ts';
import { freePort } from '../../../scripts/lib/ports.ts';
import { env } from './support/backend.ts';
import type { Env } from '../../../scripts/lib/processes.ts';

interface Exit {
  code: number | null | 'still running' | 'listening';
  output: string;
}

/**
 * Runs `tsx src/server.ts` in the backend folder with these variables; stops it as soon as it
 * says it listens (it accepted the setting), or after 20 s.
 */
async function startBackendWith(variables: Record<string, string>): Promise<Exit> {
  expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe('');
  const childEnv: Env = {
    ...process.env,
    PORT: String(await freePort()),
    NODE_ENV: 'test',
    CORS_ORIGIN: 'http://127.0.0.1:3000',
    MONGODB_URI: env.mongodbUri,
    JWT_SECRET: env.jwtSecret,
    JWT_REFRESH_SECRET: env.jwtRefreshSecret,
    ...variables,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [packageBin('tsx/dist/cli.mjs'), 'src/server.ts'], {
      cwd: env.backendDir,
      env: childEnv as NodeJS.ProcessEnv,
    });
    let output = '';
    const stopWith = (code: Exit['code']) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve({ code, output });
    };
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('API listening on')) stopWith('listening');
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => stopWith('still running'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('when the backend starts with a bad refresh token setting', () => {
  test.each([
    ['JWT_REFRESH_SECRET', 'empty', ''],
    ['JWT_REFRESH_SECRET', 'shorter than 32 characters', 'too-short-secret'],
    ['JWT_REFRESH_SECRET', 'the same as JWT_SECRET', env.jwtSecret],
    ['ACCESS_TOKEN_TTL', 'not a duration', 'soon'],
    ['REFRESH_TOKEN_TTL', 'without a unit', '7'],
    ['REFRESH_REUSE_LEEWAY', 'negative', '-1s'],
  ])(
    'then %s %s stops it with a non-zero exit and a message naming the variable',
    async (name, _what, value) => {
      const exit = await startBackendWith({ [name]: value });

      const kept = exit.code === 'still running' || exit.code === 'listening';
      expect(
        kept,
        `The backend should refuse to start with ${name}=${JSON.stringify(value)} (validate it in src/config.ts); it was ${exit.code}. Output:\n${exit.output}`,
      ).toBe(false);
      expect(
        exit.code,
        `The backend should exit with a non-zero code. Output:\n${exit.output}`,
      ).not.toBe(0);
      expect(
        exit.output,
        `The message should name ${name}, so the person starting it knows what to fix`,
      ).toContain(name);
    },
  );
});
