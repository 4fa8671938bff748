// A bounded burst, about 25 s in all: 200 sign-ins at once with new registrations in the middle
// of them, then 2,000 profile requests at once. Nothing may answer 5xx, no registration or
// sign-in may be lost, and once the burst is over the backend's memory must come back near
// where it started (support/memory-probe.mjs reads it after a full GC). The backend is one of
// its own, so its memory can be read, from a known start.
// bcrypt takes its cost from the stored hash. A cost-12 login costs about half a second of CPU
// on the two-core machines the workshop runs on, so 200 of them would take minutes: the
// accounts that sign in are written straight into the database with a cost-4 hash, and still
// go through the whole login path (validation, throttle, lookup, bcrypt, refresh token, JWT).
// The registrations go over HTTP and hash at the real cost. (ASVS V11.1.4 availability)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { Agent, request } from 'node:http';
import bcrypt from 'bcryptjs';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Service } from '../../../scripts/lib/services.ts';
import { newAccount, type Account } from './support/accounts.ts';
import { env, REFRESH_COOKIE } from './support/backend.ts';
import {
  megabytes,
  memoryAfter,
  startMeasuredBackend,
  type MemoryReading,
} from './support/backend-memory.ts';
import { REFRESH_TOKENS_COLLECTION } from './support/database.ts';
import { sleep } from './support/settings.ts';
import { backendSettings } from './support/backend-config.ts';

const LOGINS = 200;
const REGISTRATIONS = 4;
const PROFILE_REQUESTS = 2_000;
/** Sockets at most: all requests are sent at once and share them, as behind a reverse proxy. */
const CONNECTIONS = 200;
const SEEDED_HASH_COST = 4;
/**
 * Heap growth allowed once the burst is over. A healthy backend stays within about 2 MB (V8's
 * and the driver's caches); keeping each profile request in an array adds about 20 MB.
 */
const HEAP_GROWTH_ALLOWED_MB = 10;
/** Every request gives up after this long, so a stuck backend fails the check instead of hanging it. */
const REQUEST_TIMEOUT_MS = 45_000;

let agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
let backend: Service;
let database: mongoose.Connection;
const password = 'load-test-password-1';
const accounts: Account[] = Array.from({ length: LOGINS }, (_, index) => ({
  ...newAccount(`load${index}`),
  password,
}));
let baseline: MemoryReading;

interface Answer {
  status: number;
  json: any;
  setCookie: string[];
  /** Why there was no answer (status 0). */
  error?: string;
}

/**
 * One HTTP request on the shared agent; a network error or timeout is an answer with status 0.
 * node:http rather than request() of support/helpers.ts (fetch), because this check caps the
 * keep-alive sockets and renews them (freshConnections), which fetch does not let it do.
 */
function send(
  method: string,
  path: string,
  { body, headers = {} }: { body?: object; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const text = body ? JSON.stringify(body) : undefined;
    const outgoing = request(
      `${backend.url}${path}`,
      {
        method,
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: text
          ? {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(text),
              ...headers,
            }
          : headers,
      },
      (response) => {
        let received = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (received += chunk));
        response.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(received);
          } catch {
            json = undefined;
          }
          resolve({
            status: response.statusCode ?? 0,
            json,
            setCookie: response.headers['set-cookie'] ?? [],
          });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', (error) =>
      resolve({ status: 0, json: undefined, setCookie: [], error: error.message }),
    );
    outgoing.end(text);
  });
}

const login = (account: Pick<Account, 'email' | 'password'>) =>
  send('POST', '/api/auth/login', { body: { email: account.email, password: account.password } });
const profile = (accessToken: string) =>
  send('GET', '/api/user/profile', { headers: { authorization: `Bearer ${accessToken}` } });
/** "198× 200, 2× no answer (socket hang up)": how many answers had each status. */
function countBy(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const { status, error } of answers) {
    const key = status ? String(status) : `no answer (${error})`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([status, count]) => `${count}× ${status}`).join(', ');
}

/**
 * Each burst starts on new connections: a keep-alive socket left idle past the server's
 * keep-alive timeout may be closed just as the client reuses it, which is the client's race.
 */
function freshConnections(): void {
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
}

beforeAll(async () => {
  database = await mongoose
    .createConnection(env.mongodbUri, { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  const hash = await bcrypt.hash(password, SEEDED_HASH_COST);
  const now = new Date();
  await database.collection('users').insertMany(
    accounts.map((account) => ({
      name: account.name,
      email: account.email,
      password: hash,
      createdAt: now,
      updatedAt: now,
    })),
  );
  backend = await startMeasuredBackend({
    dir: env.backendDir,
    name: 'load-backend',
    env: backendSettings({
      // Every sign-in comes from 127.0.0.1, and the per-address limit counts each attempt while
      // it is in flight (src/middleware/login-throttle.ts): 200 at once would pass the default 100.
      LOGIN_MAX_FAILURES_PER_IP: String(LOGINS * 2),
    }),
  });

  // Warm-up, so the baseline already holds what any running backend holds (compiled code,
  // the database connection pool, a registration's and a login's first-time work).
  const warmUp = await Promise.all(accounts.slice(0, 50).map(login));
  await Promise.all(
    warmUp.map((answer, index) => profile(answer.json?.accessToken ?? `missing-${index}`)),
  );
  await send('POST', '/api/auth/register', { body: newAccount('load-warm-up') });
  baseline = await memoryAfter(backend, Date.now() + 1_000);
}, 120_000);

afterAll(async () => {
  agent.destroy();
  await backend?.stop();
  await database?.close();
});

describe(`when ${LOGINS} users sign in at once while ${REGISTRATIONS} others register, then ${PROFILE_REQUESTS} profile requests arrive at once`, () => {
  const accessTokens: string[] = [];

  test(
    `then every login answers 200 with its tokens, and every registration is stored once and can sign in`,
    { timeout: 120_000 },
    async () => {
      const newcomers = Array.from({ length: REGISTRATIONS }, (_, index) =>
        newAccount(`load-new${index}`),
      );
      freshConnections();
      const burstStarted = new Date();
      const half = LOGINS / 2;
      // Registrations in the middle of the burst: half the logins are already on their way.
      const firstLogins = accounts.slice(0, half).map(login);
      const registrations = newcomers.map((account) =>
        send('POST', '/api/auth/register', { body: account }),
      );
      const logins = [...firstLogins, ...accounts.slice(half).map(login)];

      const loginAnswers = await Promise.all(logins);
      const registrationAnswers = await Promise.all(registrations);

      expect(countBy(loginAnswers), 'Every login should answer 200 under load').toBe(
        `${LOGINS}× 200`,
      );
      expect(countBy(registrationAnswers), 'Every registration should answer 201 under load').toBe(
        `${REGISTRATIONS}× 201`,
      );
      for (const [index, answer] of loginAnswers.entries()) {
        expect(answer.json?.user?.email, `Login ${index} should answer with its own user`).toBe(
          accounts[index]!.email,
        );
        expect(
          answer.setCookie.some((line) => line.startsWith(`${REFRESH_COOKIE}=`)),
          `Login ${index} should set the refresh cookie`,
        ).toBe(true);
        accessTokens.push(answer.json.accessToken);
      }

      const userIds = loginAnswers.map(
        (answer) => new mongoose.Types.ObjectId(answer.json.user.id as string),
      );
      const sessions = await database
        .collection(REFRESH_TOKENS_COLLECTION)
        .countDocuments({ userId: { $in: userIds }, createdAt: { $gte: burstStarted } });
      expect(
        sessions,
        'Every login of the burst should have stored exactly one refresh token: no sign-in lost',
      ).toBe(LOGINS);
      for (const newcomer of newcomers) {
        const stored = await database.collection('users').countDocuments({ email: newcomer.email });
        expect(
          stored,
          `The registration of ${newcomer.email} answered 201, so it must be stored exactly once`,
        ).toBe(1);
        expect(
          (await login(newcomer)).status,
          `${newcomer.email}, registered during the burst, should be able to sign in`,
        ).toBe(200);
      }
    },
  );

  test(
    `then all ${PROFILE_REQUESTS} profile requests answer 200, each with the user of its own token`,
    { timeout: 120_000 },
    async () => {
      expect(accessTokens.length, 'The logins above should have signed every user in').toBe(LOGINS);
      freshConnections();
      const answers = await Promise.all(
        Array.from({ length: PROFILE_REQUESTS }, (_, index) =>
          profile(accessTokens[index % LOGINS]!),
        ),
      );

      expect(countBy(answers), 'Every profile request should answer 200').toBe(
        `${PROFILE_REQUESTS}× 200`,
      );
      const strangers = answers.filter(
        (answer, index) => answer.json?.user?.email !== accounts[index % LOGINS]!.email,
      );
      expect(strangers.length, 'Each answer must carry the user of its own token').toBe(0);
      expect(
        (await send('GET', '/api/health')).status,
        'The API should still be healthy afterwards',
      ).toBe(200);
    },
  );

  test(
    `then, once it is over, the backend's heap is back within ${HEAP_GROWTH_ALLOWED_MB} MB of where it started`,
    { timeout: 30_000 },
    async () => {
      // Idle keep-alive sockets and their buffers are part of the burst, not of the backend.
      agent.destroy();
      await sleep(1_000);
      const after = await memoryAfter(backend, Date.now() + 1_000);
      const growth = megabytes(after.heapUsed - baseline.heapUsed);
      console.log(
        `Backend memory after GC: heap ${megabytes(baseline.heapUsed)} MB before, ${megabytes(after.heapUsed)} MB after (${growth >= 0 ? '+' : ''}${growth} MB); ` +
          `rss ${megabytes(baseline.rss)} MB before, ${megabytes(after.rss)} MB after`,
      );

      expect(
        growth,
        'Memory that stays after the burst grows with every burst: look for requests, users or tokens kept in a module-level array or Map',
      ).toBeLessThan(HEAP_GROWTH_ALLOWED_MB);
    },
  );
});
