// The database goes away while the finished API runs, then comes back. Every route that needs
// it answers 503 JSON at once (no stack trace, no crash), a 503 never tells the client to drop
// its refresh token, and afterwards every user and every sign-in is still there.
// It starts a database and a backend of its own: stopping the run's shared database would
// break the other checks. (ASVS V7.4.1 generic errors, V11.1.4 availability)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../../scripts/db/launch.ts';
import type { Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp, type Account } from './support/accounts.ts';
import { REFRESH_COOKIE } from './support/backend.ts';
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

const USERS = 3;
let database: Database | undefined;
let backend: Service | undefined;
let databaseUri: string;
const accounts: Account[] = Array.from({ length: USERS }, (_, index) =>
  newAccount(`outage${index}`),
);
/** One sign-in per account, made before the outage. */
const sessions: { userId: string; accessToken: string; refreshToken: string }[] = [];
const send = (method: string, path: string, options?: SendOptions) =>
  sendTo(backend!, method, path, options);

// An external database (DB_ENGINE=external) cannot be stopped by the checks.
describe.skipIf(process.env.DB_ENGINE === 'external')(
  'when the database goes away while users are signed in, and comes back',
  () => {
    beforeAll(async () => {
      ({ database, backend, databaseUri } = await startOwnDatabaseAndBackend('outage'));
      for (const account of accounts) {
        await registerOverHttp(backend.url, account);
        const login = await send('POST', '/api/auth/login', {
          body: { email: account.email, password: account.password },
        });
        expect(login.status, `Login before the outage failed: ${login.text}`).toBe(200);
        sessions.push({
          userId: login.json.user.id,
          accessToken: login.json.accessToken,
          refreshToken: refreshCookieOf(login)!,
        });
      }
    }, 120_000);

    afterAll(async () => {
      await backend?.stop();
      await database?.stop();
    });

    test('then GET /api/health answers 503 within a few seconds', async () => {
      await database!.stop();
      expect(
        await healthBecomes(backend!, 503, 15),
        'Health should answer 503 once the database is gone (mongoose.connection.readyState)',
      ).toBe(503);
    });

    test('then login, register, refresh, logout and profile each answer 503 JSON at once, with no stack trace, and the backend keeps running', async () => {
      const [first] = sessions;
      const newcomer = newAccount('outage-new');
      const answers: [string, Answer][] = [
        [
          'login',
          await send('POST', '/api/auth/login', {
            body: { email: accounts[0]!.email, password: accounts[0]!.password },
          }),
        ],
        ['register', await send('POST', '/api/auth/register', { body: newcomer })],
        [
          'refresh',
          await send('POST', '/api/auth/refresh-token', {
            headers: { cookie: `${REFRESH_COOKIE}=${first!.refreshToken}` },
          }),
        ],
        [
          'logout',
          await send('POST', '/api/auth/logout', {
            headers: { cookie: `${REFRESH_COOKIE}=${first!.refreshToken}` },
          }),
        ],
        [
          'profile',
          await send('GET', '/api/user/profile', {
            headers: { authorization: `Bearer ${first!.accessToken}` },
          }),
        ],
      ];

      for (const [route, answer] of answers) {
        expectUnavailable(route, answer, {
          withinMs: 3_000,
          why: 'a 503 should come fast (bufferCommands: false in src/db.ts), not after waiting for the database',
        });
      }
      const refresh = answers.find(([route]) => route === 'refresh')![1];
      expect(
        refreshCookieOf(refresh),
        'A refresh during an outage must not clear the refresh cookie, or every user would be signed out by it',
      ).toBeUndefined();
      expect(
        isAlive(backend),
        `The backend process died while the database was away:\n${backend!.process.tail()}`,
      ).toBe(true);
    });

    test(
      'then, once the database is back, every user can sign in again and every earlier sign-in still refreshes',
      { timeout: 90_000 },
      async () => {
        await database!.restart();
        expect(
          await healthBecomes(backend!, 200, 40),
          'Mongoose reconnects by itself: health should answer 200 again',
        ).toBe(200);

        for (const [index, session] of sessions.entries()) {
          const profile = await send('GET', '/api/user/profile', {
            headers: { authorization: `Bearer ${session.accessToken}` },
          });
          expect(
            profile.status,
            `User ${index}: the access token from before the outage should still read the profile: ${profile.text}`,
          ).toBe(200);
          const refreshed = await send('POST', '/api/auth/refresh-token', {
            headers: { cookie: `${REFRESH_COOKIE}=${session.refreshToken}` },
          });
          expect(
            refreshed.status,
            `User ${index}: the refresh token from before the outage should still rotate (no sign-in lost): ${refreshed.text}`,
          ).toBe(200);
          const login = await send('POST', '/api/auth/login', {
            body: { email: accounts[index]!.email, password: accounts[index]!.password },
          });
          expect(
            login.status,
            `User ${index}, registered before the outage, should still log in: ${login.text}`,
          ).toBe(200);
        }

        const connection = await mongoose
          .createConnection(databaseUri, { serverSelectionTimeoutMS: 5_000 })
          .asPromise();
        try {
          const stored = await connection
            .collection('users')
            .countDocuments({ email: { $in: accounts.map((account) => account.email) } });
          expect(
            stored,
            'Every user registered before the outage should be stored exactly once',
          ).toBe(USERS);
        } finally {
          await connection.close();
        }
        expect(isAlive(backend), 'The backend should still be the same process').toBe(true);
      },
    );
  },
);
