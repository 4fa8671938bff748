// POST /api/auth/login in the finished system: a short-lived access token in the body, and
// the refresh token in an httpOnly cookie that only the auth routes ever receive.
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { beforeAll, describe, expect, test } from 'vitest';
import { env, signedInUser, type SignedIn } from './support/backend.ts';
import { settings } from './support/settings.ts';

let signedIn: SignedIn;

beforeAll(async () => {
  signedIn = await signedInUser('login6');
});

describe('when a registered user logs in', () => {
  test('then the answer is {accessToken, user}, without the old "token" field', () => {
    const { json } = signedIn.answer;
    expect(json.accessToken, 'The 200 body should have "accessToken"').toEqual(expect.any(String));
    expect(json.user, 'The 200 body should have "user": {id, name, email, role}').toEqual({
      id: signedIn.userId,
      name: signedIn.account.name,
      email: signedIn.account.email,
      role: 'user',
    });
    expect(
      json,
      'The body should not carry the refresh token: it travels only in the httpOnly cookie',
    ).not.toHaveProperty('refreshToken');
    expect(json, 'Steps 3-5 answered {token}; step 6 renames it accessToken').not.toHaveProperty(
      'token',
    );
  });

  test('then the refresh token comes in an httpOnly, SameSite=Strict cookie for /api/auth that lasts REFRESH_TOKEN_TTL', () => {
    const cookie = signedIn.answer.cookie!;
    expect(
      cookie.attributes,
      'httpOnly: no script in a page may read the refresh token',
    ).toHaveProperty('httponly');
    expect(
      cookie.attributes.samesite?.toLowerCase(),
      'sameSite: "strict": never sent with a request another site starts',
    ).toBe('strict');
    expect(
      cookie.attributes.path,
      'path: "/api/auth": only the auth routes need the refresh token',
    ).toBe('/api/auth');
    expect(
      Number(cookie.attributes['max-age']),
      'maxAge should be REFRESH_TOKEN_TTL (here 1h = 3600 s)',
    ).toBe(settings.refreshTokenTtlMs / 1000);
    expect(
      cookie.attributes,
      'secure is for production (HTTPS); the checks run with NODE_ENV=test over http',
    ).not.toHaveProperty('secure');
  });

  test('then the refresh token is an opaque random string, not a JWT anyone could decode', () => {
    const token = signedIn.refreshToken;
    expect(
      jwt.decode(token),
      'The refresh token should be random bytes (crypto.randomBytes(32)), not a JWT',
    ).toBeNull();
    expect(
      token.length,
      'At least 32 random bytes: 43 base64url characters or more',
    ).toBeGreaterThanOrEqual(43);
  });

  test('then the access token is HS256, of type "access", for the audience "workshop-api", and lives ACCESS_TOKEN_TTL', () => {
    let payload: JwtPayload;
    try {
      payload = jwt.verify(signedIn.accessToken, env.jwtSecret, {
        algorithms: ['HS256'],
      }) as JwtPayload;
    } catch (error) {
      throw new Error(
        `The access token does not verify with JWT_SECRET and HS256 (${(error as Error).message})`,
        { cause: error },
      );
    }
    expect(payload.sub, '"sub" should be the user id').toBe(signedIn.userId);
    expect(payload.type, 'A "type": "access" claim tells it from any other token').toBe('access');
    expect(payload.aud, '"aud" (audience) should be "workshop-api"').toBe('workshop-api');
    expect(
      ((payload.exp ?? 0) - (payload.iat ?? 0)) * 1000,
      'exp - iat should be ACCESS_TOKEN_TTL (5 s in the checks)',
    ).toBe(settings.accessTokenTtlMs);
  });
});
