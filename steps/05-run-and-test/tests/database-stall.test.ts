// The database stalls while the API runs: its process is paused (SIGSTOP), so it accepts
// connections but never answers, like a database that is overloaded or behind a firewall that
// drops packets. Requests must still get their 503 within 3 s. This check starts its own
// database and backend, because it has to pause that database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  pauseDatabase,
  resumeDatabase,
  startDatabase,
  type Database,
} from '../../../scripts/db/launch.ts';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { env, get, newUser, post, type Answer } from './support/helpers.ts';

let database: Database | undefined;
let backend: Service | undefined;
let paused = false;
const user = newUser('stall');

const isAlive = () =>
  backend?.process.child.exitCode === null && backend.process.child.signalCode === null;

async function signalDatabase(signal: 'SIGSTOP' | 'SIGCONT'): Promise<void> {
  if (signal === 'SIGSTOP') await pauseDatabase(database!);
  else resumeDatabase(database!);
  paused = signal === 'SIGSTOP';
}

// No SIGSTOP on Windows; an external database (DB_ENGINE=external) cannot be paused by the checks.
describe.skipIf(process.platform === 'win32' || process.env.DB_ENGINE === 'external')(
  'when the database stops answering and then runs again',
  () => {
    beforeAll(async () => {
      expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe(
        '',
      );
      // Not the run's shared database (MONGODB_URI): one of our own, so pausing it harms no other check.
      const { MONGODB_URI: _shared, ...withoutSharedUri } = process.env;
      database = await startDatabase(withoutSharedUri);
      backend = await startBackend({
        dir: env.backendDir,
        name: 'stall-backend',
        env: {
          MONGODB_URI: `${database.uri}stall`,
          JWT_SECRET: env.jwtSecret,
          CORS_ORIGIN: 'http://127.0.0.1:3000',
          NODE_ENV: 'test',
        },
      });
      const registered = await post('/api/auth/register', user, backend.url);
      expect(registered.status, `Registering before the stall failed: ${registered.text}`).toBe(
        201,
      );
    }, 120_000);

    afterAll(async () => {
      // Never leave a process stopped: a stopped database would not even end on SIGTERM.
      try {
        if (paused) await signalDatabase('SIGCONT');
      } finally {
        await backend?.stop();
        await database?.stop();
      }
    });

    test(
      'then login and register answer 503 JSON within 3 s, and health says 503 within 10 s',
      { timeout: 60_000 },
      async () => {
        await signalDatabase('SIGSTOP');
        const stalledAt = Date.now();
        const answers: [string, Answer][] = await Promise.all([
          post(
            '/api/auth/login',
            { email: user.email, password: user.password },
            backend!.url,
          ).then((answer) => ['login', answer] as [string, Answer]),
          post('/api/auth/register', newUser('stall-new'), backend!.url).then(
            (answer) => ['register', answer] as [string, Answer],
          ),
        ]);

        for (const [route, answer] of answers) {
          expect(
            answer.status,
            `${route} needs the database: while it is stalled, answer 503 (not 500); it answered ${answer.status}: ${answer.text}`,
          ).toBe(503);
          expect(answer.json?.message, `${route}: the 503 needs a JSON {message}`).toEqual(
            expect.any(String),
          );
          expect(
            answer.ms,
            `${route} took ${Math.round(answer.ms)} ms: a stalled database must not hold requests; src/middleware/require-database.ts answers 503 once the database has been silent for 2 s`,
          ).toBeLessThan(3_000);
        }

        let health: Answer | undefined;
        while (Date.now() - stalledAt < 10_000) {
          health = await get('/api/health', backend!.url);
          if (health.status === 503) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(
          health?.status,
          'Health should answer 503 within 10 s of the stall: the driver gives up on a server that does not answer its heartbeat (heartbeatFrequencyMS, connectTimeoutMS in src/db.ts)',
        ).toBe(503);
        expect(
          isAlive(),
          `The backend process died while the database was stalled:\n${backend!.process.tail()}`,
        ).toBe(true);
      },
    );

    test(
      'then, once the database runs again, health returns to 200 and the user can log in',
      { timeout: 60_000 },
      async () => {
        await signalDatabase('SIGCONT');
        const started = Date.now();
        let health: Answer | undefined;
        while (Date.now() - started < 30_000) {
          health = await get('/api/health', backend!.url).catch(() => undefined);
          if (health?.status === 200) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(
          health?.status,
          'Mongoose reconnects by itself once the database answers again; health should be 200',
        ).toBe(200);
        const login = await post(
          '/api/auth/login',
          { email: user.email, password: user.password },
          backend!.url,
        );
        expect(
          login.status,
          `The user registered before the stall should still log in: ${login.text}`,
        ).toBe(200);
        expect(isAlive(), 'The backend should still be the same process').toBe(true);
      },
    );
  },
);
