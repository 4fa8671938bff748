// A body the API cannot read (an unsupported charset or Content-Encoding, a gzip body that
// does not unzip, malformed JSON, a body that is too large) is the client's mistake. It gets
// a 4xx answer and leaves no stack trace in the server log: a log full of stack traces that
// anyone can cause buries the real failures, and costs disk. This check starts a backend of
// its own, so it reads the whole log of a process it started. (ASVS V7.4.1, V14.3.2)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { env } from './support/backend.ts';
import { sleep } from './support/settings.ts';
import { backendSettings } from './support/backend-config.ts';

const NAME = 'error-log-backend';
const logDir = mkdtempSync(join(tmpdir(), 'workshop-error-log-'));
let backend: Service | undefined;

beforeAll(async () => {
  backend = await startBackend({
    dir: env.backendDir,
    name: NAME,
    logDir,
    env: backendSettings(),
  });
}, 90_000);

afterAll(async () => {
  await backend?.stop();
  rmSync(logDir, { recursive: true, force: true });
});

const login = JSON.stringify({ email: 'nobody@example.com', password: 'long-enough-1' });
const requests: {
  what: string;
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer>;
}[] = [
  {
    what: 'charset=iso-8859-1',
    headers: { 'content-type': 'application/json; charset=iso-8859-1' },
    body: login,
  },
  {
    what: 'Content-Encoding: compress',
    headers: { 'content-type': 'application/json', 'content-encoding': 'compress' },
    body: login,
  },
  {
    what: 'a gzip body that is not gzip',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: 'this is not gzip at all',
  },
  {
    what: 'a gzip body cut short',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: Uint8Array.from(gzipSync(login).subarray(0, 12)),
  },
  { what: 'malformed JSON', headers: { 'content-type': 'application/json' }, body: '{"email":' },
  {
    what: 'a 1 MB body',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'x'.repeat(1024 * 1024) }),
  },
];

/** The backend's whole output so far (stdout and stderr), as the runner writes it to its log file. */
const readLog = () => readFileSync(join(logDir, `${NAME}.log`), 'utf8');

describe('when clients send bodies the API cannot read', () => {
  test.each(requests.map((request) => [request.what, request] as const))(
    'then %s gets a 4xx JSON answer',
    async (what, request) => {
      const response = await fetch(`${backend!.url}/api/auth/login`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      const text = await response.text();
      expect(
        response.status,
        `${what} is the client's mistake: 4xx, not ${response.status} (${text.slice(0, 200)})`,
      ).toBeGreaterThanOrEqual(400);
      expect(
        response.status,
        `${what} is the client's mistake: 4xx, not ${response.status} (${text.slice(0, 200)})`,
      ).toBeLessThan(500);
      expect(JSON.parse(text).message, `${what}: errors are JSON {message}`).toEqual(
        expect.any(String),
      );
    },
  );

  test('then the server log holds no stack trace', async () => {
    // The log file is written as the output arrives; give the last lines a moment.
    await sleep(300);
    const log = readLog();
    expect(log, `This should be the log of the backend this check started (${NAME}.log)`).toMatch(
      /API listening/,
    );
    expect(
      log,
      'A client error must not be logged as a server failure. In backend/src/middleware/error-handler.ts, describe() should give ' +
        "express.json()'s errors their 4xx status (by `type`, or by the `status` body-parser set), so errorHandler never logs them:\n" +
        log.slice(0, 1500),
    ).not.toMatch(/^\s+at \S/m);
  });
});
