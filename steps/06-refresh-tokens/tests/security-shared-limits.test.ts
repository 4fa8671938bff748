// Two instances of the API on one database, as behind a load balancer: the login limit and the
// refresh tokens are one set for both. Counted in process memory, two instances allowed twice
// the wrong guesses. (ASVS V2.2.1, V3.5.2)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { backendSettings } from './support/backend-config.ts';
import { env, login, refresh } from './support/backend.ts';

const MAX_FAILURES = 5;
const instances: Service[] = [];

beforeAll(async () => {
  for (const name of ['backend-instance-a', 'backend-instance-b']) {
    instances.push(
      await startBackend({
        dir: env.backendDir,
        name,
        env: backendSettings({
          LOGIN_MAX_FAILURES: String(MAX_FAILURES),
          LOGIN_MAX_FAILURES_PER_IP: '1000',
          LOGIN_LOCKOUT_WINDOW: '1m',
          REFRESH_REUSE_LEEWAY: '0s',
        }),
      }),
    );
  }
});

afterAll(async () => {
  for (const instance of instances) await instance.stop();
});

describe('when wrong passwords for one email are spread over two instances', () => {
  test('then 5 in all lock the email on both', async () => {
    const [a, b] = instances as [Service, Service];
    const account = newAccount('two-instances');
    await registerOverHttp(a.url, account);
    const wrong = { email: account.email, password: `${account.password}-wrong` };

    for (let attempt = 1; attempt <= MAX_FAILURES; attempt += 1) {
      const answer = await login(wrong, { baseUrl: (attempt % 2 ? a : b).url });
      expect(
        answer.status,
        `Wrong password ${attempt} of ${MAX_FAILURES} (on instance ${attempt % 2 ? 'A' : 'B'}) should get 401`,
      ).toBe(401);
    }
    for (const [name, instance] of [
      ['A', a],
      ['B', b],
    ] as const) {
      const answer = await login(account, { baseUrl: instance.url });
      expect(
        answer.status,
        `After ${MAX_FAILURES} failures across both instances, instance ${name} must be locked too: keep the counts in the database ` +
          '(src/services/limit-counters.ts), not in process memory',
      ).toBe(429);
    }
  });
});

describe('when a refresh token is rotated on one instance and shown again on the other', () => {
  test('then the other refuses it as reused', async () => {
    const [a, b] = instances as [Service, Service];
    const account = newAccount('two-instances-refresh');
    await registerOverHttp(a.url, account);
    const token = (await login(account, { baseUrl: a.url })).cookie?.value;
    expect(token, 'Login on instance A should set the refresh cookie').toBeDefined();

    const rotated = await refresh(token, { baseUrl: a.url });
    expect(rotated.status, 'Refresh on instance A should work').toBe(200);
    const reused = await refresh(token, { baseUrl: b.url });
    expect(
      reused.status,
      'Instance B must know the token was rotated on A (REFRESH_REUSE_LEEWAY is 0s here): 401',
    ).toBe(401);
    expect(
      (await refresh(rotated.cookie?.value, { baseUrl: b.url })).status,
      'And the reuse ended the sign-in on both',
    ).toBe(401);
  });
});
