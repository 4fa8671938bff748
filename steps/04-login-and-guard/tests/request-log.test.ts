// While you develop, the backend prints one line per request (src/middleware/request-log.ts),
// so that in a workshop everyone can watch the API being called. Not in test or production.
import { afterEach, describe, expect, test } from 'vitest';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { backendSettings } from './support/backend-config.ts';
import { env, get, newUser, post } from './support/helpers.ts';

let backend: Service | undefined;
afterEach(async () => {
  await backend?.stop();
  backend = undefined;
});

/** A backend of this check's own on the run's database, with NODE_ENV as given. */
async function backendIn(nodeEnv: 'development' | 'test'): Promise<Service> {
  expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe('');
  backend = await startBackend({
    dir: env.backendDir,
    name: `request-log-${nodeEnv}`,
    env: backendSettings({ NODE_ENV: nodeEnv }),
  });
  return backend;
}

/** What the backend printed, once the lines of the requests just answered have arrived. */
async function printed(service: Service): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return service.process.tail();
}

describe('when the backend runs in development (npm run dev)', () => {
  test('then it prints one line per request: method, path without the query, status and time', async () => {
    const service = await backendIn('development');
    await get('/api/health?probe=1', service.url);
    await post('/api/auth/login', {}, service.url);

    const log = await printed(service);
    expect(
      log,
      'Print "GET /api/health 200 3 ms" for each request when NODE_ENV is development: app.use(requestLog) first in src/app.ts',
    ).toMatch(/^GET \/api\/health 200 \d+ ms$/m);
    expect(log, 'A refused request is printed too, with its status').toMatch(
      /^POST \/api\/auth\/login 400 \d+ ms$/m,
    );
    expect(log, 'The query string stays out of the log').not.toContain('probe=1');
  });

  test('then a sign-in leaves neither its password nor its token in the log', async () => {
    const service = await backendIn('development');
    const user = newUser('request-log');
    await post('/api/auth/register', user, service.url);
    const login = await post(
      '/api/auth/login',
      { email: user.email, password: user.password },
      service.url,
    );
    expect(login.status, `login answered ${login.status}: ${login.text}`).toBe(200);
    // Every JWT in the answer, and the values of the cookies it sets (the refresh token, from step 6).
    const tokens = [
      ...(login.text.match(/[\w-]+\.[\w-]+\.[\w-]+/g) ?? []),
      ...login.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!.split('=')[1] ?? ''),
    ].filter((value) => value.length >= 20);
    expect(tokens.length, 'the login answer should carry a token').toBeGreaterThan(0);

    const log = await printed(service);
    expect(log, 'the login is printed as a request line').toMatch(/^POST \/api\/auth\/login 200/m);
    expect(
      log,
      'A password must never be printed: print the method, path and status only',
    ).not.toContain(user.password);
    for (const token of tokens)
      expect(
        log,
        'A token must never be printed: print the method, path and status only',
      ).not.toContain(token);
  });
});

describe('when the backend runs with NODE_ENV=test, as in the checks', () => {
  test('then it prints no request lines', async () => {
    const service = await backendIn('test');
    await get('/api/health', service.url);

    expect(
      await printed(service),
      'Only development gets request lines (if (config.NODE_ENV === "development") in src/app.ts)',
    ).not.toMatch(/^GET \/api\/health \d{3}/m);
  });
});
