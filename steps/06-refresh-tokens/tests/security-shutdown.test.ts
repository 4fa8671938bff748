// Stopping the finished API (SIGTERM, as Docker, systemd or a platform's deploy sends it)
// must not cut off what is in flight: logins and a registration busy with bcrypt, and
// refresh, logout and profile requests from slow clients whose bytes are still arriving.
// Each gets its real answer, then the process exits with code 0. This check starts a backend
// of its own, so it can stop it. (ASVS V11.1.4 availability)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { env, REFRESH_COOKIE } from './support/backend.ts';
import { request as send } from './support/helpers.ts';
import { sleep } from './support/settings.ts';
import { backendSettings } from './support/backend-config.ts';

const LOGINS = 3;
let backend: Service | undefined;

beforeAll(async () => {
  backend = await startBackend({
    dir: env.backendDir,
    name: 'shutdown-backend',
    env: backendSettings(),
  });
}, 90_000);

afterAll(async () => {
  await backend?.stop();
});

interface RawAnswer {
  status: number;
  text: string;
  /** When the answer began to arrive (Date.now()). */
  at: number;
}

/**
 * An HTTP request on a connection of its own, written with a plain socket so the check
 * decides when each byte leaves: the first half is sent at once, the rest by finish().
 * Until then it is a slow client whose request has begun but not ended.
 */
function startRequest(
  url: string,
  method: string,
  path: string,
  {
    headers = {},
    body,
    keepAlive = false,
  }: { headers?: Record<string, string>; body?: object; keepAlive?: boolean } = {},
) {
  const { hostname, port } = new URL(url);
  const text = body ? JSON.stringify(body) : '';
  // HTTP/1.1 keeps a connection open after the answer unless told otherwise; then it is up to
  // the server to close it, and the answer is complete when it does.
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    ...(keepAlive ? [] : ['Connection: close']),
  ];
  lines.push(...Object.entries(headers).map(([name, value]) => `${name}: ${value}`));
  if (body)
    lines.push('Content-Type: application/json', `Content-Length: ${Buffer.byteLength(text)}`);
  const raw = `${lines.join('\r\n')}\r\n\r\n${text}`;
  const cut = Math.floor(raw.length / 2);
  const socket = connect(Number(port), hostname);
  socket.write(raw.slice(0, cut));
  const answer = new Promise<RawAnswer>((resolve) => {
    let received = '';
    let at = 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      at ||= Date.now();
      received += chunk;
    });
    socket.on('error', (error) => (received += `(${error.message})`));
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      const answerBody = status
        ? received.slice(received.indexOf('\r\n\r\n') + 4)
        : `no answer ${received}`;
      resolve({ status, text: answerBody, at });
    });
  });
  return {
    finish(): Promise<RawAnswer> {
      socket.write(raw.slice(cut));
      return answer;
    },
  };
}

/** The whole request at once; resolves with the answer. */
const request = (...args: Parameters<typeof startRequest>) => startRequest(...args).finish();

/** Setting up, before the signal: the checks' fetch-based helper is fine here. */
async function post(path: string, body: object) {
  const answer = await send(
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    { baseUrl: backend!.url, timeoutMs: 30_000 },
  );
  return { ...answer, setCookie: answer.headers.getSetCookie() };
}

const refreshTokenOf = (setCookie: string[]) =>
  setCookie
    .find((line) => line.startsWith(`${REFRESH_COOKIE}=`))!
    .split(';')[0]!
    .slice(REFRESH_COOKIE.length + 1);

// Windows has no SIGTERM: stopping a process there ends it at once, so no handler can run.
// The check is reported as skipped there, never as passed.
describe.skipIf(process.platform === 'win32')(
  'when the backend gets SIGTERM while requests are in flight',
  () => {
    test(
      'then every one of them gets its real answer and the process exits with code 0',
      { timeout: 60_000 },
      async () => {
        const url = backend!.url;
        const accounts = Array.from({ length: LOGINS }, (_, index) =>
          newAccount(`shutdown${index}`),
        );
        for (const account of accounts) await registerOverHttp(url, account);
        const signedIn = await post('/api/auth/login', {
          email: accounts[0]!.email,
          password: accounts[0]!.password,
        });
        expect(signedIn.status, 'Login before the shutdown failed').toBe(200);
        const second = await post('/api/auth/login', {
          email: accounts[1]!.email,
          password: accounts[1]!.password,
        });

        // Slow clients: their requests have started to arrive, and end only after the signal.
        const slow = {
          refresh: startRequest(url, 'POST', '/api/auth/refresh-token', {
            headers: { cookie: `${REFRESH_COOKIE}=${refreshTokenOf(signedIn.setCookie)}` },
          }),
          logout: startRequest(url, 'POST', '/api/auth/logout', {
            headers: { cookie: `${REFRESH_COOKIE}=${refreshTokenOf(second.setCookie)}` },
          }),
          // Keep-alive, as the NextAuth server's connections are: the server must close it once answered.
          profile: startRequest(url, 'GET', '/api/user/profile', {
            headers: { authorization: `Bearer ${signedIn.json.accessToken}` },
            keepAlive: true,
          }),
        };
        // Busy requests: bcrypt (cost 12) keeps each of these in the server for a good part of a second.
        const newcomer = newAccount('shutdown-new');
        const busy = [
          ...accounts.map((account) =>
            request(url, 'POST', '/api/auth/login', {
              body: { email: account.email, password: account.password },
            }),
          ),
          request(url, 'POST', '/api/auth/register', { body: newcomer }),
        ];
        // The server accepts waiting connections in the order they came: once a request sent after
        // all of these is answered, every one of them is inside the server, not in the queue.
        expect(
          (await request(url, 'GET', '/api/health')).status,
          'The backend should answer health while busy',
        ).toBe(200);

        const signalled = Date.now();
        backend!.process.child.kill('SIGTERM');
        await sleep(300);
        const [refresh, logout, profile] = await Promise.all([
          slow.refresh.finish(),
          slow.logout.finish(),
          slow.profile.finish(),
        ]);
        const busyAnswers = await Promise.all(busy);

        const hint = `On SIGTERM, stop taking new connections (server.close) but let open requests finish. Backend output:\n${backend!.process.tail()}`;
        expect(
          busyAnswers.map((answer) => answer.status || answer.text),
          `Logins and the registration in progress should get 200, 200, 200, 201. ${hint}`,
        ).toEqual([200, 200, 200, 201]);
        expect(
          Math.max(...busyAnswers.map((answer) => answer.at)),
          'bcrypt should still have been busy when the signal came; otherwise this check tests nothing',
        ).toBeGreaterThan(signalled);
        expect(
          refresh.status,
          `A refresh still arriving at the signal should rotate (200): ${refresh.text}. ${hint}`,
        ).toBe(200);
        expect(
          logout.status,
          `A logout still arriving at the signal should answer 204. ${hint}`,
        ).toBe(204);
        expect(
          profile.status,
          `A profile request still arriving at the signal should answer 200: ${profile.text}. ${hint}`,
        ).toBe(200);
        expect(
          JSON.parse(profile.text).user?.email,
          'The profile answer should be the user of its token',
        ).toBe(accounts[0]!.email);

        const code = await Promise.race([
          backend!.process.exited,
          sleep(15_000).then(() => 'still running 15 s after SIGTERM'),
        ]);
        expect(
          code,
          `After the last answer, close the database connection and exit with code 0. ${hint}`,
        ).toBe(0);
        const lastAnswer = Math.max(
          ...[...busyAnswers, refresh, logout, profile].map((answer) => answer.at),
        );
        expect(
          Date.now() - lastAnswer,
          'The process should exit soon after the last answer: close keep-alive connections once they are idle (server.closeIdleConnections), rather than wait for them to time out',
        ).toBeLessThan(3_000);
        await expect(
          fetch(`${url}/api/health`),
          'Once stopped, the backend should take no new requests',
        ).rejects.toThrow();
      },
    );
  },
);
