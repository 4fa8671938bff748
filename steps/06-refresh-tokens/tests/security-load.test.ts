// A bounded burst: many sign-ins at once, new registrations in the middle of them, then
// 2,000 profile requests. Nothing may answer 5xx and no registration may be lost.
// bcrypt (cost 12, pure JavaScript, one thread) makes each login cost about half a second of
// CPU on the two-core machines the workshop runs on: 200 logins would take well over a
// minute, and 50 logins with 8 registrations took 41 s on a busy machine, so the burst is 24.
import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newAccount, type Account } from './support/accounts.ts';
import { env } from './support/backend.ts';

const LOGINS = 24;
const REGISTRATIONS = 4;
const PROFILE_REQUESTS = 2_000;
const PROFILE_CONCURRENCY = 50;

let database: mongoose.Connection;
let accounts: Account[];

beforeAll(async () => {
  database = await mongoose.createConnection(env.mongodbUri, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  // The accounts that log in are written straight into the database with one shared hash:
  // registering them over HTTP would cost another half-second of bcrypt each, and
  // registration is checked below anyway.
  const password = 'load-test-password-1';
  const hash = await bcrypt.hash(password, 12);
  accounts = Array.from({ length: LOGINS }, (_, index) => ({ ...newAccount(`load${index}`), password }));
  const now = new Date();
  await database.collection('users').insertMany(
    accounts.map((account) => ({ name: account.name, email: account.email, password: hash, createdAt: now, updatedAt: now })),
  );
});

afterAll(async () => {
  await database?.close();
});

async function post(path: string, body: object): Promise<{ status: number; json: any }> {
  const response = await fetch(`${env.backendUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(120_000),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

/** Runs the jobs with at most `limit` of them in flight. */
async function pool<T>(count: number, limit: number, job: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await job(index);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe(`when ${LOGINS} users sign in at once while ${REGISTRATIONS} others register`, () => {
  let userIds: string[] = [];

  test('then every login answers 200, every registration 201, and every new account is stored', { timeout: 120_000 }, async () => {
    const newcomers = Array.from({ length: REGISTRATIONS }, (_, index) => newAccount(`load-new${index}`));
    const [logins, registrations] = await Promise.all([
      Promise.all(accounts.map((account) => post('/api/auth/login', { email: account.email, password: account.password }))),
      Promise.all(newcomers.map((account) => post('/api/auth/register', account))),
    ]);

    const loginStatuses = logins.map((answer) => answer.status);
    expect(loginStatuses.filter((status) => status !== 200), `Every login should answer 200 under load; got ${loginStatuses.join(',')}`).toEqual([]);
    expect(registrations.map((answer) => answer.status), 'Every registration should answer 201 under load').toEqual(newcomers.map(() => 201));
    const stored = await database.collection('users').countDocuments({ email: { $in: newcomers.map((account) => account.email) } });
    expect(stored, 'Every registration that answered 201 must be in the database').toBe(REGISTRATIONS);
    expect(logins.every((answer) => typeof answer.json?.accessToken === 'string'), 'Every login should hand out an access token').toBe(true);
    userIds = logins.map((answer) => answer.json.user.id as string);
  });

  test(`then ${PROFILE_REQUESTS} profile requests, ${PROFILE_CONCURRENCY} at a time, all answer 200 with their own user`, { timeout: 120_000 }, async () => {
    expect(userIds.length, 'The logins above should have signed every user in').toBe(LOGINS);
    // Tokens made here like the backend makes them, valid for a minute: the ones from the
    // logins live only ACCESS_TOKEN_TTL (5 s in tests/env.json), shorter than the burst.
    const tokens = userIds.map((id) => jwt.sign({ type: 'access' }, env.jwtSecret, { algorithm: 'HS256', subject: id, audience: 'workshop-api', expiresIn: 60 }));
    const answers = await pool(PROFILE_REQUESTS, PROFILE_CONCURRENCY, async (index) => {
      const response = await fetch(`${env.backendUrl}/api/user/profile`, { headers: { authorization: `Bearer ${tokens[index % LOGINS]}` } });
      const body = (await response.json().catch(() => undefined)) as { user?: { email?: string } } | undefined;
      return { status: response.status, email: body?.user?.email, expected: accounts[index % LOGINS]!.email };
    });

    const failed = answers.filter((answer) => answer.status !== 200);
    expect(failed.length, `Every profile request should answer 200; statuses seen: ${[...new Set(failed.map((a) => a.status))].join(',')}`).toBe(0);
    expect(answers.filter((answer) => answer.email !== answer.expected).length, 'Each answer must carry the user of its own token').toBe(0);
    expect((await fetch(`${env.backendUrl}/api/health`)).status, 'The API should still be healthy afterwards').toBe(200);
  });
});
