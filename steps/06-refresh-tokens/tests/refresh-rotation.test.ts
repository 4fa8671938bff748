// POST /api/auth/refresh-token: every refresh swaps the cookie for a new one (rotation). A
// token that was just swapped still works for a moment (parallel requests); shown again
// later, it ends the whole sign-in, because someone else may hold a copy.
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { env, getProfile, isCleared, refresh, signedInUser } from './support/backend.ts';
import { openRefreshTokens } from './support/database.ts';
import { settings, sleep } from './support/settings.ts';

let db: Awaited<ReturnType<typeof openRefreshTokens>>;

beforeAll(async () => {
  db = await openRefreshTokens();
});

afterAll(async () => {
  await db?.close();
});

describe('when the refresh cookie is sent to /api/auth/refresh-token', () => {
  test('then a new access token for the same user and a different refresh cookie come back', async () => {
    const { refreshToken, userId } = await signedInUser('rotate');

    const answer = await refresh(refreshToken);

    expect(answer.status, `Refresh with a fresh cookie should answer 200: ${answer.text}`).toBe(
      200,
    );
    const payload = jwt.verify(answer.json?.accessToken ?? '', env.jwtSecret, {
      algorithms: ['HS256'],
    }) as JwtPayload;
    expect(payload.sub, 'The new access token belongs to the same user').toBe(userId);
    expect(answer.cookie?.value, 'Refresh should set a new refreshToken cookie (rotation)').toEqual(
      expect.any(String),
    );
    expect(answer.cookie?.value, 'The new refresh token must differ from the old one').not.toBe(
      refreshToken,
    );
    expect(answer.cookie?.attributes.path, 'The rotated cookie keeps path /api/auth').toBe(
      '/api/auth',
    );
    expect(answer.cookie?.attributes, 'The rotated cookie stays httpOnly').toHaveProperty(
      'httponly',
    );

    const profile = await getProfile(`Bearer ${answer.json.accessToken}`);
    expect(profile.status, 'The refreshed access token should open /api/user/profile').toBe(200);
  });

  test('then the old token is marked rotated in the database, and the new one joins its family', async () => {
    const { refreshToken, userId } = await signedInUser('family');
    await refresh(refreshToken);

    const rows = await db.ofUser(userId);
    expect(
      rows,
      'After login and one refresh the user should have two stored refresh tokens',
    ).toHaveLength(2);
    const [first, second] = rows;
    expect(first!.rotatedAt, 'The used token should get rotatedAt').toBeInstanceOf(Date);
    expect(second!.rotatedAt ?? null, 'The new token is not rotated yet').toBeNull();
    expect(second!.familyId, 'Both tokens belong to one family (one sign-in)').toEqual(
      first!.familyId,
    );
    expect(
      second!.expiresAt,
      "Rotation keeps the family's absolute expiry: refreshing never extends a sign-in",
    ).toEqual(first!.expiresAt);
  });
});

describe('when a token that was already rotated is sent again', () => {
  test('then within REFRESH_REUSE_LEEWAY it still works, as for a second tab that refreshed at the same moment', async () => {
    const { refreshToken } = await signedInUser('leeway');
    const first = await refresh(refreshToken);
    expect(first.status, 'The first refresh should succeed').toBe(200);

    const again = await refresh(refreshToken);

    expect(
      again.status,
      `A token rotated less than REFRESH_REUSE_LEEWAY (2 s) ago should still be accepted: ${again.text}`,
    ).toBe(200);
    expect(again.json?.accessToken, 'It gets a fresh access token').toEqual(expect.any(String));
    expect(again.cookie?.value, 'And a refresh cookie of its own').toEqual(expect.any(String));
    expect(isCleared(again.cookie), 'The cookie must not be cleared').toBe(false);
  });

  test('then after the leeway it answers 401 and revokes the whole family: even the newest token is refused', async () => {
    const { refreshToken, userId } = await signedInUser('reuse');
    const rotated = await refresh(refreshToken);
    const newest = rotated.cookie!.value;
    await sleep(settings.reuseLeewayMs + 1_000);

    const reused = await refresh(refreshToken);
    expect(reused.status, 'Reusing a rotated token after the leeway should answer 401').toBe(401);
    expect(isCleared(reused.cookie), 'The 401 should clear the refreshToken cookie').toBe(true);

    const afterTheft = await refresh(newest);
    expect(
      afterTheft.status,
      'After reuse, the family is revoked: the newest token of that sign-in must be refused too',
    ).toBe(401);
    const rows = await db.ofUser(userId);
    expect(
      rows.every((row) => row.revokedAt instanceof Date),
      'Every token of the family should have revokedAt (updateMany on the familyId)',
    ).toBe(true);
  });
});

describe('when the cookie is missing or unknown', () => {
  test.each([
    ['no cookie at all', undefined],
    ['an empty cookie', ''],
    ['a made-up token', 'bm90LWEtcmVhbC1yZWZyZXNoLXRva2VuLW5vdC1hdC1hbGwtMDEyMzQ1'],
  ])('then %s gets 401 and a cleared cookie', async (_what, token) => {
    const answer = await refresh(token);

    expect(answer.status, `Refresh with ${String(token)} should answer 401`).toBe(401);
    expect(answer.json?.message, 'The 401 should carry a JSON {message}').toEqual(
      expect.any(String),
    );
    expect(
      isCleared(answer.cookie),
      'A refused refresh should clear the refreshToken cookie (res.clearCookie with path /api/auth)',
    ).toBe(true);
  });
});
