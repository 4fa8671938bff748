// In production the backend refuses to start with secrets that protect nothing: missing,
// short, copied from an example, or one key for both jobs. It exits non-zero and names the
// variable, so the deployer knows what to fix. (ASVS V14.1 build and deploy, V6.4 secret management)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { packageBin } from '../../../scripts/lib/paths.ts';
import { freePort } from '../../../scripts/lib/ports.ts';
import { env } from './support/backend.ts';
import type { Env } from '../../../scripts/lib/processes.ts';

interface Start {
  outcome: 'exited' | 'listening' | 'timed out';
  code: number | null;
  output: string;
}

/** Starts the backend with these variables (undefined removes one) and stops it as soon as it listens. */
async function startProductionBackend(
  variables: Record<string, string | undefined>,
): Promise<Start> {
  const childEnv: Env = {
    ...process.env,
    PORT: String(await freePort()),
    NODE_ENV: 'production',
    CORS_ORIGIN: 'https://app.invalid',
    MONGODB_URI: env.mongodbUri,
    JWT_SECRET: env.jwtSecret,
    JWT_REFRESH_SECRET: env.jwtRefreshSecret,
    ...variables,
  };
  for (const [name, value] of Object.entries(childEnv))
    if (value === undefined) delete childEnv[name];
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
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ outcome, code, output });
    });
  });
}

const random = 'Vd3kP9sQ2xLm7RtY1nBw6ZcH4gJf8KaE0uXo5iNe';
const cases: [string, string, Record<string, string | undefined>][] = [
  ['JWT_SECRET', 'missing', { JWT_SECRET: undefined }],
  ['JWT_SECRET', 'shorter than 32 characters', { JWT_SECRET: 'short-but-random-Xk29' }],
  [
    'JWT_SECRET',
    'an example value ("change-me-...")',
    { JWT_SECRET: 'change-me-to-a-long-random-string-please!!' },
  ],
  ['JWT_SECRET', 'one character repeated', { JWT_SECRET: 'a'.repeat(48) }],
  ['JWT_REFRESH_SECRET', 'missing', { JWT_REFRESH_SECRET: undefined }],
  [
    'JWT_REFRESH_SECRET',
    'an example value ("your-...")',
    { JWT_REFRESH_SECRET: 'your-refresh-token-secret-of-32-characters' },
  ],
  ['JWT_REFRESH_SECRET', 'equal to JWT_SECRET', { JWT_SECRET: random, JWT_REFRESH_SECRET: random }],
  ['TRUST_PROXY', '"true" (would trust any client\'s X-Forwarded-For)', { TRUST_PROXY: 'true' }],
  ['TRUST_PROXY', 'not an address', { TRUST_PROXY: 'my-proxy' }],
  ['LOGIN_MAX_FAILURES', '0', { LOGIN_MAX_FAILURES: '0' }],
  ['LOGIN_LOCKOUT_WINDOW', 'not a duration', { LOGIN_LOCKOUT_WINDOW: 'forever' }],
];

/** loadConfig() of the backend under test, run in this process: fast enough for one case each. */
async function loadConfigWith(variables: Record<string, string | undefined>) {
  const { loadConfig } = (await import(
    pathToFileURL(join(env.backendDir, 'src/config.ts')).href
  )) as {
    loadConfig: (env: Env) => unknown;
  };
  const childEnv: Env = {
    NODE_ENV: 'production',
    CORS_ORIGIN: 'https://app.invalid',
    MONGODB_URI: env.mongodbUri,
    JWT_SECRET: env.jwtSecret,
    JWT_REFRESH_SECRET: env.jwtRefreshSecret,
    ...variables,
  };
  for (const [name, value] of Object.entries(childEnv))
    if (value === undefined) delete childEnv[name];
  let message = '';
  vi.spyOn(console, 'error').mockImplementation((text: unknown) => void (message += String(text)));
  // loadConfig ends the process on bad settings; here that exit is caught and reported instead.
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw Object.assign(new Error('exit'), { exitCode: code });
  });
  try {
    loadConfig(childEnv);
    return { exitCode: undefined, message };
  } catch (error) {
    return { exitCode: (error as { exitCode?: unknown }).exitCode, message };
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('when the backend loads a bad setting in production', () => {
  test.each(cases)(
    'then %s %s ends start-up with exit code 1 and a message naming it',
    async (name, what, variables) => {
      const result = await loadConfigWith(variables);

      expect(
        result.exitCode,
        `With ${name} ${what} the backend must refuse to start (src/config.ts). Message: ${result.message}`,
      ).toBe(1);
      expect(result.message, `The message should name ${name} on a line of its own`).toMatch(
        new RegExp(`- ${name} `),
      );
      expect(result.message, 'The message must not print the secret it refuses').not.toContain(
        random,
      );
    },
  );
});

describe('when the backend process starts in production with an example secret', () => {
  test('then it exits non-zero before listening and says on stderr which variable is wrong', async () => {
    const start = await startProductionBackend({
      JWT_SECRET: 'change-me-to-a-long-random-string-please!!',
    });

    expect(start.outcome, `The backend must refuse to start. Output:\n${start.output}`).toBe(
      'exited',
    );
    expect(start.code, 'It should exit with a non-zero code').not.toBe(0);
    expect(start.output, 'The message should name JWT_SECRET and say why').toMatch(
      /- JWT_SECRET looks like an example value/,
    );
  });
});

describe('when the backend starts in production with good settings', () => {
  test('then it listens (the checks above fail for their setting, not for everything)', async () => {
    const start = await startProductionBackend({
      TRUST_PROXY: '10.0.0.0/8,loopback',
      LOGIN_MAX_FAILURES: '5',
      LOGIN_LOCKOUT_WINDOW: '15m',
    });

    expect(
      start.outcome,
      `A production start with random secrets should work. Output:\n${start.output}`,
    ).toBe('listening');
  });
});

describe('when the backend starts outside production with a long example-looking secret', () => {
  test("then it still loads, so the workshop's own test secrets keep working", async () => {
    const result = await loadConfigWith({
      NODE_ENV: 'development',
      JWT_SECRET: 'change-me-to-a-long-random-string-please!!',
    });

    expect(
      result.exitCode,
      `Outside production only the length rule applies. Message: ${result.message}`,
    ).toBeUndefined();
  });
});
