// What the database keeps about refresh tokens: a hash, never the token; and an absolute
// expiry per sign-in that the app enforces itself (FerretDB has no TTL indexes).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isCleared, refresh, signedInUser } from './support/backend.ts';
import { openRefreshTokens, REFRESH_TOKENS_COLLECTION } from './support/database.ts';
import { settings } from './support/settings.ts';

let db: Awaited<ReturnType<typeof openRefreshTokens>>;

beforeAll(async () => {
  db = await openRefreshTokens();
});

afterAll(async () => {
  await db?.close();
});

describe('when a refresh token is issued', () => {
  test('then the database holds a hash of it, never the token itself', async () => {
    const { refreshToken, userId } = await signedInUser('hashed');
    const rotated = await refresh(refreshToken);
    const tokens = [refreshToken, rotated.cookie!.value];

    const rows = await db.ofUser(userId);
    expect(
      rows.length,
      `The backend should store one document per refresh token in "${REFRESH_TOKENS_COLLECTION}"`,
    ).toBe(2);
    const stored = JSON.stringify(rows);
    for (const token of tokens) {
      expect(
        stored.includes(token),
        'A raw refresh token was found in the database: store a hash (tokenHash), not the token',
      ).toBe(false);
    }
    for (const row of rows) {
      expect(row.tokenHash, 'Each document should have a tokenHash').toEqual(expect.any(String));
    }
  });

  test('then its family expires REFRESH_TOKEN_TTL after the login', async () => {
    const before = Date.now();
    const { userId } = await signedInUser('expiry');

    const [row] = await db.ofUser(userId);
    const expiresAt = (row!.expiresAt as Date).getTime();
    expect(
      expiresAt - before,
      'expiresAt should be about login time + REFRESH_TOKEN_TTL (1h in the checks)',
    ).toBeGreaterThanOrEqual(settings.refreshTokenTtlMs - 5_000);
    expect(
      expiresAt - before,
      'expiresAt should be about login time + REFRESH_TOKEN_TTL (1h in the checks)',
    ).toBeLessThanOrEqual(settings.refreshTokenTtlMs + 5_000);
  });
});

describe('when the family of a refresh token has expired', () => {
  test('then refresh answers 401, clears the cookie, and the expired documents are deleted by the app', async () => {
    const { refreshToken, userId } = await signedInUser('expired');
    // A sign-in that ended a minute ago: the time passes in the database instead of in the check.
    await db.expireAllOf(userId);

    const answer = await refresh(refreshToken);

    expect(
      answer.status,
      'A token whose family expired must be refused (check expiresAt in code: there is no TTL index)',
    ).toBe(401);
    expect(isCleared(answer.cookie), 'The 401 should clear the refreshToken cookie').toBe(true);
    expect(
      await db.ofUser(userId),
      'Expired tokens should be removed by the app (deleteMany on expiresAt at login or refresh)',
    ).toHaveLength(0);
  });
});
