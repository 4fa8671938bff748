// The database stalls while the finished API runs: its process is paused (SIGSTOP), so it still
// accepts connections but never answers, the way a database that is overloaded, swapping or cut
// off behind a firewall that drops packets behaves. A killed database refuses connections at
// once (security-database-outage.test.ts); a stalled one only stays silent, and the driver
// waits for a reply for as long as its own timeouts allow, and every request with it. Each
// route that needs the database must still answer 503 JSON within 3 s, health must say 503
// within a few seconds, and once the database runs again (SIGCONT) everything works as before.
// A request answered 503 may still take effect later (it had reached the database), so the
// check afterwards uses a user it left alone during the stall.
// It pauses a database of its own, never the run's shared one. (ASVS V7.4.1, V11.1.4)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pauseDatabase, resumeDatabase, type Database } from '../../../scripts/db/launch.ts';
import type { Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp, type Account } from './support/accounts.ts';
import { REFRESH_COOKIE } from './support/backend.ts';
import { sleep } from './support/settings.ts';
import {
  expectUnavailable,
  healthBecomes,
  isAlive,
  refreshCookieOf,
  send as sendTo,
  startOwnDatabaseAndBackend,
  type Answer,
  type SendOptions,
} from './support/outage.ts';

/** The promise of docs/security.md: a route that needs the database answers 503 within this. */
const ANSWER_WITHIN_MS = 3_000;
/** A request with no answer after this long counts as hanging. */
const GIVE_UP_MS = 6_000;
/** How soon health has to notice the stall (the driver's heartbeats, src/db.ts). */
const HEALTH_NOTICES_WITHIN_S = 10;

let database: Database | undefined;
let backend: Service | undefined;
let paused = false;
/** Signed in before the stall; its refresh token and access token are used while the database is paused. */
const stalledUser: Account = newAccount('stall-a');
/** Signed in before the stall and left alone during it: its sign-in must still refresh afterwards. */
const untouchedUser: Account = newAccount('stall-b');
const sessions = new Map<Account, { accessToken: string; refreshToken: string }>();
const send = (method: string, path: string, options?: SendOptions) =>
  sendTo(backend!, method, path, { timeoutMs: GIVE_UP_MS, ...options });

async function pause(): Promise<void> {
  await pauseDatabase(database!);
  paused = true;
}

function resume(): void {
  if (!paused) return;
  resumeDatabase(database!);
  paused = false;
}

/** The routes that need the database, all sent at once, as by users who happen to arrive together. */
async function everyRoute(): Promise<[string, Answer][]> {
  const stalled = sessions.get(stalledUser)!;
  const cookie = `${REFRESH_COOKIE}=${stalled.refreshToken}`;
  const requests: [string, Promise<Answer>][] = [
    [
      'login',
      send('POST', '/api/auth/login', {
        body: { email: stalledUser.email, password: stalledUser.password },
      }),
    ],
    ['register', send('POST', '/api/auth/register', { body: newAccount('stall-new') })],
    ['refresh-token', send('POST', '/api/auth/refresh-token', { headers: { cookie } })],
    ['logout', send('POST', '/api/auth/logout', { headers: { cookie } })],
    [
      'profile',
      send('GET', '/api/user/profile', {
        headers: { authorization: `Bearer ${stalled.accessToken}` },
      }),
    ],
  ];
  return Promise.all(
    requests.map(async ([route, answer]) => [route, await answer] as [string, Answer]),
  );
}

/** "login 503 in 2011 ms, register no answer in 6000 ms, …" */
const timings = (answers: [string, Answer][]) =>
  answers
    .map(([route, answer]) => `${route} ${answer.status || 'no answer'} in ${answer.ms} ms`)
    .join(', ');

// No SIGSTOP on Windows; an external database (DB_ENGINE=external) cannot be paused by the checks.
describe.skipIf(process.platform === 'win32' || process.env.DB_ENGINE === 'external')(
  'when the database stops answering (paused, connections still open) while users are signed in, and resumes',
  () => {
    beforeAll(async () => {
      ({ database, backend } = await startOwnDatabaseAndBackend('stall'));
      expect(
        database.pid,
        'scripts/db/launch.ts should expose the database process id (Database.pid)',
      ).toBeTypeOf('number');
      for (const account of [stalledUser, untouchedUser]) {
        await registerOverHttp(backend.url, account);
        const login = await send('POST', '/api/auth/login', {
          body: { email: account.email, password: account.password },
        });
        expect(login.status, `Login before the stall failed: ${login.text}`).toBe(200);
        sessions.set(account, {
          accessToken: login.json.accessToken,
          refreshToken: refreshCookieOf(login)!,
        });
      }
    }, 120_000);

    afterAll(async () => {
      // Never leave a process stopped: a stopped database would not even end on SIGTERM.
      try {
        resume();
      } finally {
        await backend?.stop();
        await database?.stop();
      }
    });

    test(
      'then login, register, refresh-token, logout and profile each answer 503 JSON within 3 s, at once and after health has noticed',
      { timeout: 90_000 },
      async () => {
        await pause();
        const stalledAt = Date.now();
        const why =
          'a stalled database must not hold requests: src/middleware/require-database.ts should answer 503 for a request under way once the database has been silent for 2 s (src/db.ts notes when it last answered)';

        // First while the driver still believes the database is up: these requests reach it and hear nothing.
        const first = await everyRoute();
        for (const [route, answer] of first)
          expectUnavailable(route, answer, {
            withinMs: ANSWER_WITHIN_MS,
            why: `${why}. All answers: ${timings(first)}`,
          });

        let health: Answer | undefined;
        while (Date.now() - stalledAt < HEALTH_NOTICES_WITHIN_S * 1000) {
          health = await send('GET', '/api/health');
          expect(
            health.ms,
            `health took ${health.ms} ms: it must answer at once, from what the driver already knows`,
          ).toBeLessThan(ANSWER_WITHIN_MS);
          if (health.status === 503) break;
          await sleep(250);
        }
        expect(
          health?.status,
          `GET /api/health should answer 503 within ${HEALTH_NOTICES_WITHIN_S} s of the stall: the driver gives up on a server that does not answer its heartbeat (heartbeatFrequencyMS, connectTimeoutMS in src/db.ts)`,
        ).toBe(503);
        expect(health!.json, 'health: the 503 should say which part is down').toEqual({
          status: 'degraded',
          db: 'down',
        });

        // Then once the driver knows: requireDatabase answers before any query is tried.
        const second = await everyRoute();
        for (const [route, answer] of second)
          expectUnavailable(route, answer, {
            withinMs: ANSWER_WITHIN_MS,
            why: `${why}. All answers: ${timings(second)}`,
          });
        expect(
          isAlive(backend),
          `The backend process died while the database was stalled:\n${backend!.process.tail()}`,
        ).toBe(true);
      },
    );

    test(
      'then, once the database runs again, health says 200, users sign in and register, and an earlier sign-in still refreshes',
      { timeout: 90_000 },
      async () => {
        resume();
        expect(
          await healthBecomes(backend!, 200, 40),
          'Once the database answers again the driver reconnects by itself: health should answer 200',
        ).toBe(200);

        const login = await send('POST', '/api/auth/login', {
          body: { email: untouchedUser.email, password: untouchedUser.password },
        });
        expect(
          login.status,
          `A user registered before the stall should sign in again: ${login.text}`,
        ).toBe(200);
        const newcomer = newAccount('stall-after');
        const register = await send('POST', '/api/auth/register', { body: newcomer });
        expect(register.status, `Registering should work again: ${register.text}`).toBe(201);
        const untouched = sessions.get(untouchedUser)!;
        const profile = await send('GET', '/api/user/profile', {
          headers: { authorization: `Bearer ${untouched.accessToken}` },
        });
        expect(
          profile.status,
          `The access token from before the stall should still read the profile: ${profile.text}`,
        ).toBe(200);
        const refreshed = await send('POST', '/api/auth/refresh-token', {
          headers: { cookie: `${REFRESH_COOKIE}=${untouched.refreshToken}` },
        });
        expect(
          refreshed.status,
          `A refresh token from before the stall should still rotate: ${refreshed.text}`,
        ).toBe(200);
        expect(isAlive(backend), 'The backend should still be the same process').toBe(true);
      },
    );
  },
);
