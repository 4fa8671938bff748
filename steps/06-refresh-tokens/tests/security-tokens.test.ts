// Token forgeries not covered by access-token-guard.test.ts and refresh-rotation.test.ts:
// tokens that are not valid yet, that name no real user, and tokens of one kind offered
// where the other kind belongs. Every one gets 401, and a refused refresh hands out nothing.
// (ASVS V3.5.3 token signatures and claims, V3.5.2 refresh tokens)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import jwt from 'jsonwebtoken';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  env,
  getProfile,
  isCleared,
  logout,
  refresh,
  signedInUser,
  type SignedIn,
} from './support/backend.ts';

let signedIn: SignedIn;

beforeAll(async () => {
  signedIn = await signedInUser('tokens');
});

const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: object) => jwt.sign(claims, env.jwtSecret, { algorithm: 'HS256' });
const access = () => ({
  sub: signedIn.userId,
  type: 'access',
  aud: 'workshop-api',
  iat: now(),
  exp: now() + 600,
});

describe('when GET /api/user/profile carries an access token with bad claims', () => {
  const forgeries: [string, () => string][] = [
    ['not valid yet (nbf one hour ahead)', () => sign({ ...access(), nbf: now() + 3600 })],
    ['a subject that is not a user id', () => sign({ ...access(), sub: '{"$ne":null}' })],
    ['no subject', () => sign({ type: 'access', aud: 'workshop-api', exp: now() + 600 })],
    ['the id of a user that does not exist', () => sign({ ...access(), sub: 'a'.repeat(24) })],
    [
      'an audience list without workshop-api',
      () => sign({ ...access(), aud: ['other-api', 'workshop-api-2'] }),
    ],
    ['a type in capitals ("ACCESS")', () => sign({ ...access(), type: 'ACCESS' })],
    [
      '"alg": "HS256" but an empty signature',
      () => `${sign(access()).split('.').slice(0, 2).join('.')}.`,
    ],
    [
      'a valid token with a changed payload',
      () => {
        const [header, , signature] = signedIn.accessToken.split('.');
        const payload = Buffer.from(JSON.stringify({ ...access(), sub: 'b'.repeat(24) })).toString(
          'base64url',
        );
        return `${header}.${payload}.${signature}`;
      },
    ],
    ['two tokens glued together', () => `${signedIn.accessToken}.${signedIn.accessToken}`],
  ];

  test.each(forgeries)('then a token with %s gets 401 JSON', async (what, token) => {
    const answer = await getProfile(`Bearer ${token()}`);

    expect(
      answer.status,
      `A token with ${what} must be refused by requireAuth (src/lib/tokens.ts): ${answer.status} ${answer.text}`,
    ).toBe(401);
    expect(answer.json?.message, 'The 401 should be JSON {message}').toEqual(expect.any(String));
  });

  test("then the same user's real token still works (the forgeries were refused for their flaw, not for the user)", async () => {
    expect((await getProfile(`Bearer ${signedIn.accessToken}`)).status).toBe(200);
  });
});

describe('when POST /api/auth/refresh-token gets a cookie that is not a live refresh token', () => {
  const cookies: [string, () => string][] = [
    ['the access token', () => signedIn.accessToken],
    [
      "a JWT signed with JWT_REFRESH_SECRET (the original guide's refresh token)",
      () => jwt.sign({ id: signedIn.userId }, env.jwtRefreshSecret, { expiresIn: '7d' }),
    ],
    ['the refresh token truncated by one character', () => signedIn.refreshToken.slice(0, -1)],
    [
      'the refresh token with one character changed',
      () =>
        `${signedIn.refreshToken.slice(0, -1)}${signedIn.refreshToken.endsWith('A') ? 'B' : 'A'}`,
    ],
    ['the refresh token with a character added', () => `${signedIn.refreshToken}A`],
    ['the refresh token in upper case', () => signedIn.refreshToken.toUpperCase()],
    ['garbage', () => '%%%not-a-token%%%'],
  ];

  test.each(cookies)(
    'then %s gets 401, a cleared cookie and no access token',
    async (what, token) => {
      const answer = await refresh(token());

      expect(answer.status, `Refresh with ${what} must be refused with 401: ${answer.text}`).toBe(
        401,
      );
      expect(
        answer.json?.accessToken,
        'A refused refresh must not hand out an access token',
      ).toBeUndefined();
      expect(isCleared(answer.cookie), 'A refused refresh should clear the cookie').toBe(true);
    },
  );

  test('then none of them hurt the real sign-in: its refresh token still rotates', async () => {
    const answer = await refresh(signedIn.refreshToken);

    expect(
      answer.status,
      `Forged cookies must not revoke the real family (only reuse of a real token does): ${answer.text}`,
    ).toBe(200);
    await logout(answer.cookie?.value);
  });
});
