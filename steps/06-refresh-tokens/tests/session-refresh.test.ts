// The NextAuth server renews the access token itself (the jwt callback), seen over HTTP:
// GET /api/auth/session with the session cookie, as the browser sends it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { env } from './support/backend.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { openRefreshTokens } from './support/database.ts';
import { signInOverHttp } from './support/nextauth-http.ts';
import { settings, sleep } from './support/settings.ts';

let db: Awaited<ReturnType<typeof openRefreshTokens>>;

beforeAll(async () => {
  db = await openRefreshTokens();
});

afterAll(async () => {
  await db?.close();
});

interface SessionJson {
  user?: { id: string; email: string };
  accessToken?: string;
  accessTokenExpires?: number;
  error?: string;
}

async function signedInSession(label: string) {
  const account = newAccount(label);
  await registerOverHttp(env.backendUrl, account);
  const { cookie, error } = await signInOverHttp(env.frontendUrl, account.email, account.password);
  expect(error, 'Signing in through NextAuth should succeed').toBeNull();
  const first = await readSession(cookie);
  expect(first.accessToken, 'The session should carry the access token (session callback)').toEqual(
    expect.any(String),
  );
  expect(
    first.accessTokenExpires,
    "The session should carry accessTokenExpires (from the access token's exp), so clients know when it runs out",
  ).toEqual(expect.any(Number));
  return { cookie, userId: first.user!.id, accessToken: first.accessToken! };
}

async function readSession(cookie: string): Promise<SessionJson> {
  return (await (
    await fetch(`${env.frontendUrl}/api/auth/session`, { headers: { cookie } })
  ).json()) as SessionJson;
}

/** What useSession().update(data) sends: a POST with the CSRF token. */
async function updateSession(cookie: string, data: unknown): Promise<SessionJson> {
  const csrf = await fetch(`${env.frontendUrl}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${env.frontendUrl}/api/auth/session`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ csrfToken, data }),
  });
  return (await response.json()) as SessionJson;
}

describe('when the session is read after the access token expired', () => {
  test('then five parallel reads with one cookie cause one refresh at the backend and get the same new token', async () => {
    const { cookie, userId, accessToken } = await signedInSession('fold');
    await sleep(settings.accessTokenTtlMs + 1_000);

    const sessions = await Promise.all(Array.from({ length: 5 }, () => readSession(cookie)));

    const tokens = new Set(sessions.map((session) => session.accessToken));
    expect(tokens.size, 'Every parallel read should get the same new access token').toBe(1);
    expect([...tokens][0], 'The access token should have been renewed').not.toBe(accessToken);
    expect(
      await db.rotationsOf(userId),
      'Parallel refreshes of one refresh token in one server process should be folded into one request (a Map of in-flight promises)',
    ).toBe(1);
  });
});

describe('when the access token is still fresh', () => {
  test('then reading the session does not refresh it', async () => {
    const { cookie, userId, accessToken } = await signedInSession('fresh');

    const again = await readSession(cookie);

    expect(again.accessToken, 'A fresh access token should be kept as it is').toBe(accessToken);
    expect(await db.rotationsOf(userId), 'No refresh should happen before the token is due').toBe(
      0,
    );
  });

  test('then an update() naming this token as refused by the backend forces a refresh', async () => {
    const { cookie, userId, accessToken } = await signedInSession('forced');

    const updated = await updateSession(cookie, { rejectedAccessToken: accessToken });

    expect(
      updated.accessToken,
      'The jwt callback should refresh when told that this very token was refused',
    ).not.toBe(accessToken);
    expect(await db.rotationsOf(userId), 'Exactly one refresh at the backend').toBe(1);
  });

  test('then an update() naming some other token does not refresh', async () => {
    const { cookie, userId, accessToken } = await signedInSession('stale');

    const updated = await updateSession(cookie, { rejectedAccessToken: 'an-older-token' });

    expect(
      updated.accessToken,
      'A refusal of an older token is no reason to refresh the current one',
    ).toBe(accessToken);
    expect(await db.rotationsOf(userId), 'No refresh for a stale report').toBe(0);
  });
});

describe('when the backend refuses the refresh token', () => {
  test('then the session reports error "RefreshAccessTokenError" and no longer carries an access token', async () => {
    const { cookie, userId } = await signedInSession('refused');
    await db.revokeAllOf(userId);
    await sleep(settings.accessTokenTtlMs + 1_000);

    const session = await readSession(cookie);

    expect(
      session.error,
      'A failed refresh should set token.error, which the session callback passes on',
    ).toBe('RefreshAccessTokenError');
    expect(session.accessToken, 'The expired access token should be dropped').toBeUndefined();
    expect(JSON.stringify(session), 'The session must never carry the refresh token').not.toMatch(
      /refreshToken/,
    );
  });
});
