// The new settings of this step are checked at start-up like the others: loadConfig refuses a
// bad one with a ConfigError naming it (security-config.test.ts starts the real process).
import { describe, expect, test } from 'vitest';
import { env } from './support/backend.ts';
import { configErrorWith } from './support/backend-config.ts';

describe('when the backend starts with a bad refresh token setting', () => {
  test.each([
    ['JWT_REFRESH_SECRET', 'empty', ''],
    ['JWT_REFRESH_SECRET', 'shorter than 32 characters', 'too-short-secret'],
    ['JWT_REFRESH_SECRET', 'the same as JWT_SECRET', env.jwtSecret],
    ['ACCESS_TOKEN_TTL', 'not a duration', 'soon'],
    ['REFRESH_TOKEN_TTL', 'without a unit', '7'],
    ['REFRESH_REUSE_LEEWAY', 'negative', '-1s'],
  ])(
    'then %s %s makes loadConfig throw a ConfigError naming the variable',
    async (name, _what, value) => {
      const error = await configErrorWith({ [name]: value });

      expect(
        error?.name,
        `loadConfig should refuse ${name}=${JSON.stringify(value)} (validate it in src/config.ts)`,
      ).toBe('ConfigError');
      expect(
        error?.problems,
        `A problem should name ${name}, so the person starting it knows what to fix`,
      ).toContainEqual(expect.stringMatching(new RegExp(`^${name} `)));
    },
  );
});
