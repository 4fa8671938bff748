// In production the backend refuses to start with secrets that protect nothing: missing,
// short, copied from an example, or one key for both jobs. It exits non-zero and names the
// variable, so the deployer knows what to fix. (ASVS V14.1 build and deploy, V6.4 secret management)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { describe, expect, test } from 'vitest';
import { configErrorWith, startBackendWith } from './support/backend-config.ts';

/** The backend in production with these settings (undefined removes one). */
const production = (variables: Record<string, string | undefined>) => ({
  NODE_ENV: 'production',
  CORS_ORIGIN: 'https://app.invalid',
  ...variables,
});

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

describe('when the backend loads a bad setting in production', () => {
  test.each(cases)(
    'then %s %s makes loadConfig throw a ConfigError naming it',
    async (name, what, variables) => {
      const error = await configErrorWith(production(variables));

      expect(
        error?.name,
        `With ${name} ${what} the backend must refuse to start (src/config.ts). Error: ${String(error?.message)}`,
      ).toBe('ConfigError');
      expect(error?.problems, `A problem should name ${name}`).toContainEqual(
        expect.stringMatching(new RegExp(`^${name} `)),
      );
      expect(error?.message, 'The message must not print the secret it refuses').not.toContain(
        random,
      );
    },
  );
});

describe('when the backend process starts in production with an example secret', () => {
  test('then it exits with code 1 before listening and says on stderr which variable is wrong', async () => {
    const start = await startBackendWith(
      production({ JWT_SECRET: 'change-me-to-a-long-random-string-please!!' }),
    );

    expect(start.outcome, `The backend must refuse to start. Output:\n${start.output}`).toBe(
      'exited',
    );
    expect(start.code, 'src/server.ts should exit with code 1 on a ConfigError').toBe(1);
    expect(start.output, 'The message should name JWT_SECRET and say why').toMatch(
      /- JWT_SECRET looks like an example value/,
    );
  });
});

describe('when the backend starts in production with good settings', () => {
  test('then it listens (the checks above fail for their setting, not for everything)', async () => {
    const start = await startBackendWith(
      production({
        TRUST_PROXY: '10.0.0.0/8,loopback',
        LOGIN_MAX_FAILURES: '5',
        LOGIN_LOCKOUT_WINDOW: '15m',
      }),
    );

    expect(
      start.outcome,
      `A production start with random secrets should work. Output:\n${start.output}`,
    ).toBe('listening');
  });
});

describe('when the backend starts outside production with a long example-looking secret', () => {
  test("then it still loads, so the workshop's own test secrets keep working", async () => {
    const error = await configErrorWith({
      NODE_ENV: 'development',
      JWT_SECRET: 'change-me-to-a-long-random-string-please!!',
    });

    expect(
      error,
      `Outside production only the length rule applies. Error: ${String(error?.message)}`,
    ).toBeUndefined();
  });
});
