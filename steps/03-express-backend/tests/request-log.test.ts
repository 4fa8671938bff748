// While you develop, the backend prints one line per request (src/middleware/request-log.ts),
// so that in a workshop everyone can watch the API being called. Not in test or production.
import { afterEach, describe, expect, test } from 'vitest';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { env, get, post } from './support/helpers.ts';

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
    env: {
      MONGODB_URI: env.mongodbUri,
      JWT_SECRET: env.jwtSecret,
      JWT_REFRESH_SECRET: env.jwtRefreshSecret,
      CORS_ORIGIN: 'http://127.0.0.1:3000',
      NODE_ENV: nodeEnv,
    },
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
