// The browser reaches the API through the frontend's own /api/backend/...
// (src/pages/api/backend/[...path].ts), which reads BACKEND_URL when the server starts: one
// build runs against any backend, and no backend address is written into the bundle.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '../../../scripts/lib/ports.ts';
import { startFrontend, type Service } from '../../../scripts/lib/services.ts';
import { newAccount } from './support/accounts.ts';
import { env, post, request } from './support/helpers.ts';

const PROXY = '/api/backend';
const PROXY_FILE = 'src/pages/api/backend/[...path].ts';

/** The files of the built frontend that the browser loads (.next/static) and that name `host`. */
function browserFilesNaming(host: string): string[] {
  const staticDir = join(env.frontendDir, '.next', 'static');
  return (readdirSync(staticDir, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.js'))
    .filter((file) => readFileSync(join(staticDir, file), 'utf8').includes(host));
}

describe('when the browser registers through /api/backend on the frontend', () => {
  test('then the account is created at the backend (201), and the same email again answers 409', async () => {
    const account = newAccount('proxy');
    const created = await post(`${PROXY}/auth/register`, account, env.frontendUrl);

    expect(
      created.status,
      `POST ${PROXY}/auth/register on the frontend should reach the backend's /api/auth/register (${PROXY_FILE}); it answered ${created.status}: ${created.text.slice(0, 200)}`,
    ).toBe(201);
    expect(created.json?.user?.email, "The backend's answer should come back as it is").toBe(
      account.email,
    );
    const again = await post(`${PROXY}/auth/register`, account, env.frontendUrl);
    expect(again.status, "The backend's 409 should come back as it is").toBe(409);
  });
});

describe('when the same build serves a second time, with BACKEND_URL naming another server', () => {
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let stranger: Server;
  let strangerUrl: string;
  let frontend: Service | undefined;

  beforeAll(async () => {
    // A stand-in backend that records what reaches it and answers with a cookie of its own.
    stranger = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': 'backendCookie=should-not-reach-the-browser; Path=/',
        });
        res.end(JSON.stringify({ from: 'the stand-in' }));
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => stranger.listen(port, '127.0.0.1', resolve));
    strangerUrl = `http://127.0.0.1:${port}`;
    const frontendPort = await freePort();
    frontend = await startFrontend({
      dir: env.frontendDir,
      port: frontendPort,
      name: 'frontend-other-backend',
      env: {
        NEXTAUTH_URL: `http://127.0.0.1:${frontendPort}`,
        NEXTAUTH_SECRET: env.nextauthSecret,
        BACKEND_URL: strangerUrl,
      },
    });
  }, 90_000);
  afterAll(async () => {
    await frontend?.stop();
    await new Promise((resolve) => stranger?.close(resolve));
  });

  test('then its /api/backend reaches that server: the address is read when the server starts, not built in', async () => {
    const answer = await post(
      `${PROXY}/auth/register?source=check`,
      { name: 'Ada' },
      frontend!.url,
    );

    expect(
      seen.map((request) => request.url),
      `The same build with BACKEND_URL=${strangerUrl} should send ${PROXY}/auth/register there, as /api/auth/register with its query: read BACKEND_URL in ${PROXY_FILE} when a request comes, not NEXT_PUBLIC_ settings at build time`,
    ).toEqual(['/api/auth/register?source=check']);
    expect(answer.json, 'The answer of that server should come back').toEqual({
      from: 'the stand-in',
    });
    expect(seen[0]!.body, 'The body should arrive as the browser sent it').toBe('{"name":"Ada"}');
    expect(
      browserFilesNaming(new URL(env.backendUrl).host),
      `These browser files name the run's backend: read its address on the server (BACKEND_URL in ${PROXY_FILE}), never as NEXT_PUBLIC_API_URL`,
    ).toEqual([]);
  });

  test("then the browser's cookies stay on the frontend and the backend's Set-Cookie never reaches the browser", async () => {
    seen.length = 0;
    const answer = await request(
      `${PROXY}/user/profile`,
      {
        headers: {
          cookie: 'next-auth.session-token=the-session-of-this-browser',
          authorization: 'Bearer an-access-token',
        },
      },
      { baseUrl: frontend!.url },
    );

    expect(answer.status).toBe(200);
    expect(
      seen[0]?.headers.cookie,
      `The session cookie is for the Next.js server only: ${PROXY_FILE} must not pass the Cookie header on`,
    ).toBeUndefined();
    expect(
      seen[0]?.headers.authorization,
      'The access token is how the browser proves itself to the API: pass Authorization on',
    ).toBe('Bearer an-access-token');
    expect(
      answer.headers.get('set-cookie'),
      'A cookie the backend sets would land on the frontend origin: do not pass Set-Cookie back',
    ).toBeNull();
  });

  test('then a path that climbs out of /api is refused without reaching the backend', async () => {
    seen.length = 0;
    const answer = await request(`${PROXY}/..%2F..%2Fsecret`, {}, { baseUrl: frontend!.url });

    expect(answer.status, `"..": refuse it with 400 in ${PROXY_FILE}`).toBe(400);
    expect(
      seen.map((request) => request.url).filter((url) => !url.startsWith('/api/')),
      'Nothing outside /api may be reached',
    ).toEqual([]);
  });
});
