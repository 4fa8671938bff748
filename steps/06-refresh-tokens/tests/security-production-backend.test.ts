// A second backend, started as it runs in production behind one reverse proxy on the same
// machine (NODE_ENV=production, TRUST_PROXY=loopback), with a low per-address login limit.
// (ASVS V3.4.1 Secure cookie, V2.2.1 anti-automation per client address)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { env } from './support/backend.ts';
import { backendSettings } from './support/backend-config.ts';

const PER_ADDRESS = 4;
let backend: Service;

beforeAll(async () => {
  backend = await startBackend({
    dir: env.backendDir,
    name: 'backend-production',
    env: backendSettings({
      NODE_ENV: 'production',
      TRUST_PROXY: 'loopback',
      CORS_ORIGIN: 'https://app.invalid',
      LOGIN_MAX_FAILURES: '100',
      LOGIN_MAX_FAILURES_PER_IP: String(PER_ADDRESS),
      LOGIN_LOCKOUT_WINDOW: '1m',
    }),
  });
});

afterAll(async () => {
  await backend?.stop();
});

function loginFrom(address: string, credentials: { email: string; password: string }) {
  return fetch(`${backend.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify(credentials),
  });
}

describe('when login sets the refresh cookie in production', () => {
  test('then it is also Secure, so it never travels over plain HTTP', async () => {
    const account = newAccount('cookie-prod');
    await registerOverHttp(backend.url, account);

    const response = await loginFrom('198.51.100.1', account);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('refreshToken='));

    expect(response.status, 'Login at the production backend should work').toBe(200);
    expect(cookie, 'Login should set the refreshToken cookie').toBeDefined();
    expect(
      cookie!,
      'With NODE_ENV=production the refresh cookie must be Secure (src/lib/refresh-cookie.ts)',
    ).toMatch(/;\s*Secure/i);
    expect(cookie!, 'It stays HttpOnly in production').toMatch(/;\s*HttpOnly/i);
    expect(cookie!, 'It stays SameSite=Strict in production').toMatch(/;\s*SameSite=Strict/i);
  });
});

describe('when one client address behind the trusted proxy fails too many logins', () => {
  test('then it gets 429 for any email, while other addresses can still try', async () => {
    const attacker = '203.0.113.7';
    for (let attempt = 1; attempt <= PER_ADDRESS; attempt += 1) {
      const response = await loginFrom(attacker, {
        email: `nobody-${attempt}-${Date.now()}@example.com`,
        password: 'guess-123',
      });
      expect(
        response.status,
        `Failure ${attempt} of ${PER_ADDRESS} from one address should get the usual 401`,
      ).toBe(401);
    }

    const blocked = await loginFrom(attacker, {
      email: `nobody-next-${Date.now()}@example.com`,
      password: 'guess-123',
    });
    expect(
      blocked.status,
      'Past LOGIN_MAX_FAILURES_PER_IP the address should get 429, whatever email it tries',
    ).toBe(429);
    expect(
      Number(blocked.headers.get('retry-after')),
      'The 429 should carry Retry-After',
    ).toBeGreaterThan(0);

    const neighbour = await loginFrom('203.0.113.8', {
      email: `nobody-other-${Date.now()}@example.com`,
      password: 'guess-123',
    });
    expect(
      neighbour.status,
      'The client address comes from X-Forwarded-For of the trusted proxy: another address is not blocked',
    ).toBe(401);
  });
});
