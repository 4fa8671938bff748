// The database goes away while the finished API runs, then comes back. Every route that needs
// it answers 503 JSON at once (no stack trace, no crash), a 503 never tells the client to drop
// its refresh token, and afterwards every user and every sign-in is still there.
// It starts a database and a backend of its own: stopping the run's shared database would
// break the other checks. (ASVS V7.4.1 generic errors, V11.1.4 availability)
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDatabase, type Database } from '../../../scripts/db/launch.ts';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp, type Account } from './support/accounts.ts';
import { env, REFRESH_COOKIE } from './support/backend.ts';
import { sleep } from './support/settings.ts';

const USERS = 3;
let database: Database | undefined;
let backend: Service | undefined;
let databaseUri: string;
const accounts: Account[] = Array.from({ length: USERS }, (_, index) => newAccount(`outage${index}`));
/** One sign-in per account, made before the outage. */
const sessions: { userId: string; accessToken: string; refreshToken: string }[] = [];

interface Answer {
  status: number;
  contentType: string;
  json: any;
  text: string;
  ms: number;
  setCookie: string[];
}

async function send(method: string, path: string, { body, headers = {} }: { body?: object; headers?: Record<string, string> } = {}): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(`${backend!.url}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', json, text, ms: Date.now() - started, setCookie: response.headers.getSetCookie() };
}

const refreshCookieOf = (answer: Answer) => answer.setCookie.find((line) => line.startsWith(`${REFRESH_COOKIE}=`))?.split(';')[0]!.slice(REFRESH_COOKIE.length + 1);
const isAlive = () => backend?.process.child.exitCode === null && backend.process.child.signalCode === null;

/** Asks GET /api/health until it answers `status` or the time is up; returns the last status. */
async function healthBecomes(status: number, seconds: number): Promise<number | undefined> {
  const deadline = Date.now() + seconds * 1000;
  let last: number | undefined;
  while (Date.now() < deadline) {
    last = (await send('GET', '/api/health').catch(() => undefined))?.status;
    if (last === status) break;
    await sleep(250);
  }
  return last;
}

// An external database (DB_ENGINE=external) cannot be stopped by the checks.
describe.skipIf(process.env.DB_ENGINE === 'external')('when the database goes away while users are signed in, and comes back', () => {
  beforeAll(async () => {
    // Not the run's shared database (MONGODB_URI): one of our own, so stopping it harms no other check.
    const { MONGODB_URI: _shared, ...withoutSharedUri } = process.env;
    database = await startDatabase(withoutSharedUri);
    databaseUri = `${database.uri}outage`;
    backend = await startBackend({
      dir: env.backendDir,
      name: 'outage-backend',
      env: { MONGODB_URI: databaseUri, JWT_SECRET: env.jwtSecret, JWT_REFRESH_SECRET: env.jwtRefreshSecret, CORS_ORIGIN: 'http://127.0.0.1:3000', NODE_ENV: 'test' },
    });
    for (const account of accounts) {
      await registerOverHttp(backend.url, account);
      const login = await send('POST', '/api/auth/login', { body: { email: account.email, password: account.password } });
      expect(login.status, `Login before the outage failed: ${login.text}`).toBe(200);
      sessions.push({ userId: login.json.user.id, accessToken: login.json.accessToken, refreshToken: refreshCookieOf(login)! });
    }
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
    await database?.stop();
  });

  test('then GET /api/health answers 503 within a few seconds', async () => {
    await database!.stop();
    expect(await healthBecomes(503, 15), 'Health should answer 503 once the database is gone (mongoose.connection.readyState)').toBe(503);
  });

  test('then login, register, refresh, logout and profile each answer 503 JSON at once, with no stack trace, and the backend keeps running', async () => {
    const [first] = sessions;
    const newcomer = newAccount('outage-new');
    const answers: [string, Answer][] = [
      ['login', await send('POST', '/api/auth/login', { body: { email: accounts[0]!.email, password: accounts[0]!.password } })],
      ['register', await send('POST', '/api/auth/register', { body: newcomer })],
      ['refresh', await send('POST', '/api/auth/refresh-token', { headers: { cookie: `${REFRESH_COOKIE}=${first!.refreshToken}` } })],
      ['logout', await send('POST', '/api/auth/logout', { headers: { cookie: `${REFRESH_COOKIE}=${first!.refreshToken}` } })],
      ['profile', await send('GET', '/api/user/profile', { headers: { authorization: `Bearer ${first!.accessToken}` } })],
    ];

    for (const [route, answer] of answers) {
      expect(answer.status, `${route} needs the database: while it is down, answer 503 (not 500, not 401): ${answer.text}`).toBe(503);
      expect(answer.contentType, `${route}: the 503 should be JSON`).toMatch(/^application\/json/);
      expect(Object.keys(answer.json ?? {}), `${route}: the 503 body should be just {message}: ${answer.text}`).toEqual(['message']);
      expect(answer.text, `${route}: no stack trace or driver detail may reach the client`).not.toMatch(/\bat \S+ \(|node_modules|Mongo|ECONNREFUSED/);
      expect(answer.ms, `${route}: a 503 should come fast (bufferCommands: false), not after waiting for the database`).toBeLessThan(3_000);
    }
    const refresh = answers.find(([route]) => route === 'refresh')![1];
    expect(refreshCookieOf(refresh), 'A refresh during an outage must not clear the refresh cookie, or every user would be signed out by it').toBeUndefined();
    expect(isAlive(), `The backend process died while the database was away:\n${backend!.process.tail()}`).toBe(true);
  });

  test('then, once the database is back, every user can sign in again and every earlier sign-in still refreshes', { timeout: 90_000 }, async () => {
    await database!.restart();
    expect(await healthBecomes(200, 40), 'Mongoose reconnects by itself: health should answer 200 again').toBe(200);

    for (const [index, session] of sessions.entries()) {
      const profile = await send('GET', '/api/user/profile', { headers: { authorization: `Bearer ${session.accessToken}` } });
      expect(profile.status, `User ${index}: the access token from before the outage should still read the profile: ${profile.text}`).toBe(200);
      const refreshed = await send('POST', '/api/auth/refresh-token', { headers: { cookie: `${REFRESH_COOKIE}=${session.refreshToken}` } });
      expect(refreshed.status, `User ${index}: the refresh token from before the outage should still rotate (no sign-in lost): ${refreshed.text}`).toBe(200);
      const login = await send('POST', '/api/auth/login', { body: { email: accounts[index]!.email, password: accounts[index]!.password } });
      expect(login.status, `User ${index}, registered before the outage, should still log in: ${login.text}`).toBe(200);
    }

    const connection = await mongoose.createConnection(databaseUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    try {
      const stored = await connection.collection('users').countDocuments({ email: { $in: accounts.map((account) => account.email) } });
      expect(stored, 'Every user registered before the outage should be stored exactly once').toBe(USERS);
    } finally {
      await connection.close();
    }
    expect(isAlive(), 'The backend should still be the same process').toBe(true);
  });
});
