// GET /api/user/profile behind requireAuth: a valid access token opens it; every other
// token (forged, expired, of another kind) gets a 401 JSON answer, never a 500.
import jwt from 'jsonwebtoken';
import { beforeAll, describe, expect, test } from 'vitest';
import { env, getProfile, signedInUser, type SignedIn } from './support/backend.ts';

let signedIn: SignedIn;

beforeAll(async () => {
  signedIn = await signedInUser('guard6');
});

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

describe('when GET /api/user/profile carries a valid access token', () => {
  test('then it answers 200 with {user: {id, name, email, role}}', async () => {
    const answer = await getProfile(`Bearer ${signedIn.accessToken}`);

    expect(answer.status, `A valid Bearer token should open the profile: ${answer.text}`).toBe(200);
    expect(
      answer.json,
      'The body should be {user: {id, name, email, role}} and nothing else (no password hash)',
    ).toEqual({
      user: {
        id: signedIn.userId,
        name: signedIn.account.name,
        email: signedIn.account.email,
        role: 'user',
      },
    });
  });
});

describe('when GET /api/user/profile carries anything else', () => {
  // Each forgery is built from this check's user, so only the flaw named is wrong with it.
  const claims = () => ({ sub: signedIn.userId, type: 'access', aud: 'workshop-api' });
  const forgeries: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['"Bearer" without a token', () => 'Bearer '],
    ['another scheme (Basic)', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['garbage', () => 'Bearer not-a-jwt'],
    ['a truncated token', () => `Bearer ${signedIn.accessToken.slice(0, -5)}`],
    [
      'a token with "alg": "none"',
      () =>
        `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims(), iat: now(), exp: now() + 600 })}.`,
    ],
    [
      'a token signed with another secret',
      () =>
        `Bearer ${jwt.sign(claims(), 'another-secret-of-at-least-32-characters!!', { algorithm: 'HS256', expiresIn: 600 })}`,
    ],
    [
      'a token signed with HS512 (not the pinned HS256)',
      () => `Bearer ${jwt.sign(claims(), env.jwtSecret, { algorithm: 'HS512', expiresIn: 600 })}`,
    ],
    [
      'an expired token',
      () =>
        `Bearer ${jwt.sign({ ...claims(), iat: now() - 120, exp: now() - 60 }, env.jwtSecret, { algorithm: 'HS256' })}`,
    ],
    [
      'a token for another audience',
      () =>
        `Bearer ${jwt.sign({ ...claims(), aud: 'another-api' }, env.jwtSecret, { algorithm: 'HS256', expiresIn: 600 })}`,
    ],
    [
      'a token without an audience',
      () =>
        `Bearer ${jwt.sign({ sub: signedIn.userId, type: 'access' }, env.jwtSecret, { algorithm: 'HS256', expiresIn: 600 })}`,
    ],
    [
      'a refresh-typed token signed with JWT_REFRESH_SECRET',
      () =>
        `Bearer ${jwt.sign({ ...claims(), type: 'refresh' }, env.jwtRefreshSecret, { algorithm: 'HS256', expiresIn: 600 })}`,
    ],
    [
      'a refresh-typed token signed with JWT_SECRET',
      () =>
        `Bearer ${jwt.sign({ ...claims(), type: 'refresh' }, env.jwtSecret, { algorithm: 'HS256', expiresIn: 600 })}`,
    ],
    [
      'a token without a type',
      () =>
        `Bearer ${jwt.sign({ sub: signedIn.userId, aud: 'workshop-api' }, env.jwtSecret, { algorithm: 'HS256', expiresIn: 600 })}`,
    ],
    ['the refresh token from the cookie', () => `Bearer ${signedIn.refreshToken}`],
  ];

  test.each(forgeries)('then %s gets 401 with a JSON message', async (what, header) => {
    const answer = await getProfile(header());

    expect(
      answer.status,
      `${what} must be refused with 401 by requireAuth (src/middleware/require-auth.ts); it got ${answer.status}: ${answer.text}`,
    ).toBe(401);
    expect(
      answer.json?.message,
      'The 401 should be JSON {message}, like every error of the API',
    ).toEqual(expect.any(String));
    expect(answer.text, 'The answer must not leak internals').not.toMatch(
      /\bat .+:\d+:\d+|"stack"/,
    );
  });
});

describe('when a token that opened the profile reaches its expiry', () => {
  test('then the same token gets 401 "expired" (a remembered check never outlives the token)', async () => {
    const fresh = await signedInUser('guard6-expiry');
    expect(
      (await getProfile(`Bearer ${fresh.accessToken}`)).status,
      'The fresh token should open the profile first',
    ).toBe(200);
    const { exp } = jwt.decode(fresh.accessToken) as { exp: number };
    expect(
      exp - now(),
      'The checks run the backend with ACCESS_TOKEN_TTL=5s (tests/env.json)',
    ).toBeLessThanOrEqual(10);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 200));

    const answer = await getProfile(`Bearer ${fresh.accessToken}`);

    expect(
      answer.status,
      `An expired token must be refused even though it was accepted before: ${answer.text}`,
    ).toBe(401);
    expect(answer.json?.message).toMatch(/expired/i);
  });
});
