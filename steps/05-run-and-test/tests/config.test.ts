// Bad settings stop the backend at start-up with a message that names the variable, and a
// database that cannot be reached at start-up is a clear error too, not a hang.
import { describe, expect, test } from 'vitest';
import { freePort } from '../../../scripts/lib/ports.ts';
import { configErrorWith, loadConfigWith, startBackendWith } from './support/backend-config.ts';

describe('when loadConfig reads a bad JWT_SECRET', () => {
  test.each([
    ['missing', undefined],
    ['shorter than 32 characters', 'too-short-secret'],
  ])(
    'then a JWT_SECRET that is %s makes it throw a ConfigError naming JWT_SECRET',
    async (_what, value) => {
      const error = await configErrorWith({ JWT_SECRET: value });

      expect(
        error?.name,
        'loadConfig should refuse the settings: validate them with zod in src/config.ts and throw a ConfigError',
      ).toBe('ConfigError');
      expect(
        error?.problems,
        'The ConfigError should list the problems, one naming JWT_SECRET, so the person starting it knows what to fix',
      ).toEqual([expect.stringMatching(/^JWT_SECRET /)]);
    },
  );
});

describe('when the backend process starts with a JWT_SECRET shorter than 32 characters', () => {
  test('then it exits with code 1 before listening and prints what is wrong', async () => {
    const start = await startBackendWith({ JWT_SECRET: 'too-short-secret' });

    expect(start.outcome, `The backend should refuse to start. Output:\n${start.output}`).toBe(
      'exited',
    );
    expect(
      start.code,
      `src/server.ts should catch the ConfigError and exit with code 1. Output:\n${start.output}`,
    ).toBe(1);
    expect(
      start.output,
      'It should print the ConfigError: the headline, a line naming JWT_SECRET and where to read more',
    ).toMatch(
      /The backend cannot start: bad configuration\.\n {2}- JWT_SECRET .*\nSee backend\/\.env\.example\./,
    );
  });
});

describe('when no database answers at MONGODB_URI at start-up', () => {
  test('then the backend exits non-zero with a message naming MONGODB_URI, instead of hanging', async () => {
    const nobody = `mongodb://127.0.0.1:${await freePort()}/workshop`;
    const start = await startBackendWith({ MONGODB_URI: nobody });

    expect(
      start.outcome,
      `The backend should give up (serverSelectionTimeoutMS) and exit, not wait forever. Output:\n${start.output}`,
    ).toBe('exited');
    expect(
      start.code,
      `The backend should exit with a non-zero code. Output:\n${start.output}`,
    ).not.toBe(0);
    expect(
      start.output,
      'Catch the failed mongoose.connect() and print a message that names MONGODB_URI',
    ).toContain('MONGODB_URI');
  });
});

describe('when loadConfig reads BCRYPT_COST, the work factor of the password hashes', () => {
  test('then it is 12 when the variable is not set', async () => {
    const { config, error } = await loadConfigWith({ BCRYPT_COST: undefined });

    expect(error, 'The settings without BCRYPT_COST should be accepted').toBeUndefined();
    expect(
      config?.BCRYPT_COST,
      'BCRYPT_COST should default to 12 in src/config.ts (the checks run with 10, for speed)',
    ).toBe(12);
  });

  test.each([
    ['3, below what bcrypt accepts', { BCRYPT_COST: '3' }],
    ['not a number', { BCRYPT_COST: 'twelve' }],
    ['8 in production', { BCRYPT_COST: '8', NODE_ENV: 'production' }],
  ])('then a BCRYPT_COST of %s is a ConfigError naming BCRYPT_COST', async (_what, variables) => {
    const error = await configErrorWith(variables);

    expect(
      error?.name,
      'loadConfig should refuse it: BCRYPT_COST is a whole number from 4, and at least 10 in production (src/config.ts)',
    ).toBe('ConfigError');
    expect(error?.problems, 'One of the problems should name BCRYPT_COST').toEqual(
      expect.arrayContaining([expect.stringMatching(/^BCRYPT_COST /)]),
    );
  });
});
