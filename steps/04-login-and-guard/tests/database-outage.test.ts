// The database goes away and comes back while the API runs. This check starts its own
// database and backend, because it has to stop that database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDatabase, type Database } from '../../../scripts/db/launch.ts';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { env, get, newUser, post, type Answer } from './support/helpers.ts';

let database: Database | undefined;
let backend: Service | undefined;
const user = newUser('outage');

/** Asks until `done(answer)` or the time is up; returns the last answer and how long it took. */
async function poll(path: string, done: (answer: Answer) => boolean, seconds: number) {
  const started = Date.now();
  let last: Answer | undefined;
  while (Date.now() - started < seconds * 1000) {
    last = await get(path, backend!.url).catch(() => undefined);
    if (last && done(last)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { last, seconds: (Date.now() - started) / 1000 };
}

const isAlive = () =>
  backend?.process.child.exitCode === null && backend.process.child.signalCode === null;

// An external database (DB_ENGINE=external) cannot be stopped by the checks.
describe.skipIf(process.env.DB_ENGINE === 'external')(
  'when the database goes away and comes back',
  () => {
    beforeAll(async () => {
      expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe(
        '',
      );
      // Not the run's shared database (MONGODB_URI): one of our own, so stopping it harms no other check.
      const { MONGODB_URI: _shared, ...withoutSharedUri } = process.env;
      database = await startDatabase(withoutSharedUri);
      backend = await startBackend({
        dir: env.backendDir,
        name: 'outage-backend',
        env: {
          MONGODB_URI: `${database.uri}outage`,
          JWT_SECRET: env.jwtSecret,
          CORS_ORIGIN: 'http://127.0.0.1:3000',
          NODE_ENV: 'test',
        },
      });
      const registered = await post('/api/auth/register', user, backend.url);
      expect(registered.status, `Registering before the outage failed: ${registered.text}`).toBe(
        201,
      );
    }, 120_000);

    afterAll(async () => {
      await backend?.stop();
      await database?.stop();
    });

    test('then GET /api/health answers 503 {status: "degraded", db: "down"} within a few seconds', async () => {
      await database!.stop();
      const { last, seconds } = await poll('/api/health', (answer) => answer.status === 503, 15);

      expect(
        last?.status,
        `Health should answer 503 once the database is gone (check mongoose.connection.readyState); after ${seconds} s it answered ${last?.status}`,
      ).toBe(503);
      expect(last?.json, 'The 503 body should be {"status": "degraded", "db": "down"}').toEqual({
        status: 'degraded',
        db: 'down',
      });
    });

    test('then login answers 503 JSON at once, and the backend keeps running', async () => {
      const answer = await post(
        '/api/auth/login',
        { email: user.email, password: user.password },
        backend!.url,
      );

      expect(
        answer.status,
        `Login needs the database: while it is down, answer 503 (not 500, not 401); it answered ${answer.status}: ${answer.text}`,
      ).toBe(503);
      expect(answer.contentType, 'The 503 should be JSON').toMatch(/^application\/json/);
      expect(answer.json?.message, 'The 503 needs a JSON {message}').toEqual(expect.any(String));
      expect(
        answer.ms,
        'A 503 should come fast (bufferCommands: false), not after the request waited for the database',
      ).toBeLessThan(3_000);
      expect(
        isAlive(),
        `The backend process died when the database went away:\n${backend!.process.tail()}`,
      ).toBe(true);
    });

    test('then, once the database is back, health returns to 200 within 30 s and the earlier user can log in', async () => {
      await database!.restart();
      const { last, seconds } = await poll('/api/health', (answer) => answer.status === 200, 30);

      expect(
        last?.status,
        `Mongoose reconnects by itself; health should be 200 again. After ${seconds} s it answered ${last?.status}`,
      ).toBe(200);
      const login = await post(
        '/api/auth/login',
        { email: user.email, password: user.password },
        backend!.url,
      );
      expect(
        login.status,
        `The user registered before the outage should still log in: ${login.text}`,
      ).toBe(200);
      expect(isAlive(), 'The backend should still be the same process').toBe(true);
    }, 60_000);
  },
);
