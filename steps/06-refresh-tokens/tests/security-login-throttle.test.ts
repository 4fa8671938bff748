// Password guessing is slowed down per account: after LOGIN_MAX_FAILURES wrong passwords for
// one email (tests/env.json sets 3 in a 3 s window), login answers 429 with Retry-After, even
// for the right password, until the window has passed. (ASVS V2.2.1)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { newAccount, registerOverHttp, type Account } from './support/accounts.ts';
import { env, login } from './support/backend.ts';
import { sleep } from './support/settings.ts';

const { backend } = JSON.parse(readFileSync(new URL('./env.json', import.meta.url), 'utf8')) as {
  backend: Record<string, string>;
};
const maxFailures = Number(backend.LOGIN_MAX_FAILURES);
const windowMs = Number(/^(\d+)s$/.exec(backend.LOGIN_LOCKOUT_WINDOW ?? '')?.[1]) * 1000;

const wrong = (account: Account) => ({
  email: account.email,
  password: `${account.password}-wrong`,
});

describe('when one account gets too many wrong passwords', () => {
  let account: Account;

  beforeAll(async () => {
    expect(
      maxFailures,
      'tests/env.json should set LOGIN_MAX_FAILURES for the backend',
    ).toBeGreaterThan(0);
    expect(
      windowMs,
      'tests/env.json should set LOGIN_LOCKOUT_WINDOW in seconds, e.g. "3s"',
    ).toBeGreaterThan(0);
    account = newAccount('throttle');
    await registerOverHttp(env.backendUrl, account);
  });

  test('then the failures up to the limit answer 401, the next one 429 JSON with Retry-After, even with the right password, and the lock ends with the window', async () => {
    const started = Date.now();
    for (let attempt = 1; attempt <= maxFailures; attempt += 1) {
      const answer = await login(wrong(account));
      expect(
        answer.status,
        `Wrong password ${attempt} of ${maxFailures} should still get the usual 401: ${answer.text}`,
      ).toBe(401);
    }

    const locked = await login(wrong(account));
    expect(
      locked.status,
      `After ${maxFailures} failures for one email, login should answer 429 (src/middleware/login-throttle.ts): ${locked.text}`,
    ).toBe(429);
    expect(
      locked.json?.message,
      'The 429 should be JSON {message}, like every error of the API',
    ).toEqual(expect.any(String));

    const rightPassword = await fetch(`${env.backendUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    expect(
      rightPassword.status,
      'While locked, even the right password gets 429: otherwise guessing just goes on',
    ).toBe(429);
    const retryAfter = Number(rightPassword.headers.get('retry-after'));
    expect(
      retryAfter,
      'A 429 should say in Retry-After (whole seconds) when to try again',
    ).toBeGreaterThan(0);
    expect(
      retryAfter,
      'Retry-After should not be longer than LOGIN_LOCKOUT_WINDOW',
    ).toBeLessThanOrEqual(Math.ceil(windowMs / 1000));

    const shouted = await login({
      email: `  ${account.email.toUpperCase()} `,
      password: account.password,
    });
    expect(
      shouted.status,
      'The same email in capitals or with spaces is the same account: it must be locked too',
    ).toBe(429);

    await sleep(Math.max(0, started + windowMs + 300 - Date.now()));
    const after = await login(account);
    expect(
      after.status,
      `Once LOGIN_LOCKOUT_WINDOW has passed, the right password should work again: ${after.text}`,
    ).toBe(200);
  });

  test('then another account is not locked by it', async () => {
    const other = newAccount('throttle-other');
    await registerOverHttp(env.backendUrl, other);

    const answer = await login(other);

    expect(
      answer.status,
      `Failures of one email must not lock other accounts: ${answer.text}`,
    ).toBe(200);
  });
});

describe('when an account signs in successfully between wrong passwords', () => {
  test('then the count starts over, so a user who mistypes now and then is never locked', async () => {
    const account = newAccount('throttle-reset');
    await registerOverHttp(env.backendUrl, account);
    for (let attempt = 1; attempt < maxFailures; attempt += 1)
      expect((await login(wrong(account))).status).toBe(401);
    expect((await login(account)).status, 'The right password below the limit should sign in').toBe(
      200,
    );

    for (let attempt = 1; attempt < maxFailures; attempt += 1) {
      const answer = await login(wrong(account));
      expect(
        answer.status,
        `A successful login should reset the failure count of the email (failure ${attempt} after it): ${answer.text}`,
      ).toBe(401);
    }
  });
});

describe('when many wrong passwords for one email arrive at the same moment', () => {
  test('then at most LOGIN_MAX_FAILURES of them are checked and the rest get 429', async () => {
    const account = newAccount('throttle-burst');
    await registerOverHttp(env.backendUrl, account);

    const answers = await Promise.all(
      Array.from({ length: maxFailures + 4 }, () => login(wrong(account))),
    );
    const statuses = answers.map((answer) => answer.status).sort();

    expect(
      statuses.filter((status) => status === 401).length,
      `Parallel guesses must be counted before bcrypt finishes; got ${statuses}`,
    ).toBe(maxFailures);
    expect(
      statuses.filter((status) => status === 429).length,
      `The rest should be refused with 429; got ${statuses}`,
    ).toBe(4);
  });
});
