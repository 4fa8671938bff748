// Used by the outage checks (security-database-outage, security-database-stall): a database and
// a backend of their own, so taking the database away harms no other check, and timed HTTP
// calls that turn "no answer" into an answer the check can report.
import { expect } from 'vitest';
import { startDatabase, type Database } from '../../../../scripts/db/launch.ts';
import { startBackend, type Service } from '../../../../scripts/lib/services.ts';
import { env, REFRESH_COOKIE } from './backend.ts';
import { request, type Answer as HttpAnswer } from './helpers.ts';
import { sleep } from './settings.ts';
import { backendSettings } from './backend-config.ts';

export interface Answer extends Omit<HttpAnswer, 'headers'> {
  /** 0 when no answer came in time (see `error`). */
  status: number;
  setCookie: string[];
  error?: string;
}

/** Starts a database (not the run's shared one: MONGODB_URI) and a backend that uses it. */
export async function startOwnDatabaseAndBackend(
  name: string,
): Promise<{ database: Database; backend: Service; databaseUri: string }> {
  const { MONGODB_URI: _shared, ...withoutSharedUri } = process.env;
  const database = await startDatabase(withoutSharedUri);
  const databaseUri = `${database.uri}${name}`;
  const backend = await startBackend({
    dir: env.backendDir,
    name: `${name}-backend`,
    env: backendSettings({
      MONGODB_URI: databaseUri,
    }),
  });
  return { database, backend, databaseUri };
}

export interface SendOptions {
  body?: object;
  headers?: Record<string, string>;
  /** Give up after this long; the answer then has status 0. */
  timeoutMs?: number;
}

export async function send(
  backend: Service,
  method: string,
  path: string,
  { body, headers = {}, timeoutMs = 20_000 }: SendOptions = {},
): Promise<Answer> {
  const started = Date.now();
  try {
    const { headers: answerHeaders, ...answer } = await request(
      path,
      {
        method,
        headers: body ? { 'content-type': 'application/json', ...headers } : headers,
        body: body ? JSON.stringify(body) : undefined,
      },
      { baseUrl: backend.url, timeoutMs },
    );
    return { ...answer, setCookie: answerHeaders.getSetCookie() };
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : (error as Error).message;
    return {
      status: 0,
      contentType: '',
      json: undefined,
      text: `(${reason})`,
      ms: Date.now() - started,
      setCookie: [],
      error: reason,
    };
  }
}

export const refreshCookieOf = (answer: Answer) =>
  answer.setCookie
    .find((line) => line.startsWith(`${REFRESH_COOKIE}=`))
    ?.split(';')[0]!
    .slice(REFRESH_COOKIE.length + 1);

export const isAlive = (backend: Service | undefined) =>
  backend?.process.child.exitCode === null && backend.process.child.signalCode === null;

/** Asks GET /api/health until it answers `status` or the time is up; returns the last status. */
export async function healthBecomes(
  backend: Service,
  status: number,
  seconds: number,
): Promise<number | undefined> {
  const deadline = Date.now() + seconds * 1000;
  let last: number | undefined;
  while (Date.now() < deadline) {
    last = (await send(backend, 'GET', '/api/health')).status || undefined;
    if (last === status) break;
    await sleep(250);
  }
  return last;
}

/** A route that needs the database answered the way it must while the database is out. */
export function expectUnavailable(
  route: string,
  answer: Answer,
  { withinMs, why }: { withinMs: number; why: string },
): void {
  const wrongStatus = answer.error
    ? `${route} gave no answer (${answer.error}); ${why}`
    : `${route} needs the database: while it is out, answer 503 (not 500, not 401): ${answer.text}`;
  expect(answer.status, wrongStatus).toBe(503);
  expect(answer.contentType, `${route}: the 503 should be JSON`).toMatch(/^application\/json/);
  expect(
    Object.keys(answer.json ?? {}),
    `${route}: the 503 body should be just {message}: ${answer.text}`,
  ).toEqual(['message']);
  expect(answer.text, `${route}: no stack trace or driver detail may reach the client`).not.toMatch(
    /\bat \S+ \(|node_modules|Mongo|ECONNREFUSED/,
  );
  expect(answer.ms, `${route}: the 503 took ${answer.ms} ms; ${why}`).toBeLessThan(withinMs);
}
