// Attack run, finding 3: a login the client gives up on is not a failed login. NextAuth waits
// 5 s for the backend; when the backend is slow, the right password must not count against
// the account. A backend of its own, with a lockout window long enough to see it.
// (ASVS V2.2.1: throttling must not lock out users who did nothing wrong)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { backendSettings } from './support/backend-config.ts';
import { env, login } from './support/backend.ts';
import { sleep } from './support/settings.ts';

const MAX_FAILURES = 3;
let backend: Service;

beforeAll(async () => {
  backend = await startBackend({
    dir: env.backendDir,
    name: 'backend-abandoned-login',
    env: backendSettings({
      LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      LOGIN_LOCKOUT_WINDOW: '1m',
    }),
  });
});

afterAll(async () => {
  await backend?.stop();
});

const signIn = (credentials: { email: string; password: string }, signal?: AbortSignal) =>
  login(credentials, { baseUrl: backend.url, signal });

describe('when a client gives up on logins with the right password before the answer comes', () => {
  test('then they do not count as failures: the account is not locked afterwards', async () => {
    const account = newAccount('abandoned');
    await registerOverHttp(backend.url, account);

    for (let round = 1; round <= MAX_FAILURES + 2; round += 1) {
      // 30 ms is well before bcrypt (cost 12) is done: the backend finishes the login alone.
      await signIn(account, AbortSignal.timeout(30)).catch(() => undefined);
      await sleep(1_000);
    }
    const answer = await signIn(account);

    expect(
      answer.status,
      `After ${MAX_FAILURES + 2} right-password logins that the client gave up on, the account was locked (${answer.status}): ` +
        'count a failure only when the password check says so, not when the answer could not be sent (src/services/login-throttle.ts)',
    ).toBe(200);
  });
});

describe('when a client gives up on logins with a wrong password', () => {
  test('then they still count: giving up is no way around the limit', async () => {
    const account = newAccount('abandoned-wrong');
    await registerOverHttp(backend.url, account);
    const wrong = { email: account.email, password: `${account.password}-wrong` };

    for (let round = 1; round <= MAX_FAILURES; round += 1) {
      await signIn(wrong, AbortSignal.timeout(30)).catch(() => undefined);
      await sleep(1_000);
    }
    const answer = await signIn(account);

    expect(
      answer.status,
      `${MAX_FAILURES} wrong passwords lock the account, whether or not the client waited for the 401`,
    ).toBe(429);
  });
});
