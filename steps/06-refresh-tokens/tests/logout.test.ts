// POST /api/auth/logout: ends the sign-in on the server, not only in the browser.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isCleared, login, logout, refresh, signedInUser } from './support/backend.ts';
import { openRefreshTokens } from './support/database.ts';

let db: Awaited<ReturnType<typeof openRefreshTokens>>;

beforeAll(async () => {
  db = await openRefreshTokens();
});

afterAll(async () => {
  await db?.close();
});

describe('when a signed-in client logs out with its refresh cookie', () => {
  test('then the answer is 204, the cookie is cleared, and the refresh token no longer works', async () => {
    const { refreshToken } = await signedInUser('logout');

    const answer = await logout(refreshToken);

    expect(answer.status, 'Logout should answer 204 No Content').toBe(204);
    expect(
      isCleared(answer.cookie),
      'Logout should clear the refreshToken cookie (same path /api/auth)',
    ).toBe(true);
    const after = await refresh(refreshToken);
    expect(after.status, 'After logout, the refresh token must be refused').toBe(401);
  });

  test('then every token of that sign-in is revoked, including the ones rotated before', async () => {
    const { refreshToken, userId } = await signedInUser('logout-family');
    const rotated = await refresh(refreshToken);

    await logout(rotated.cookie!.value);

    const rows = await db.ofUser(userId);
    expect(rows.length, 'Login and one refresh leave two tokens').toBe(2);
    expect(
      rows.every((row) => row.revokedAt instanceof Date),
      'Logout should set revokedAt on the whole family',
    ).toBe(true);
  });

  test('then another sign-in of the same user keeps working', async () => {
    const first = await signedInUser('two-devices');
    const second = await login(first.account);

    await logout(first.refreshToken);

    const stillIn = await refresh(second.cookie!.value);
    expect(
      stillIn.status,
      'Logout ends one sign-in (one family), not every sign-in of the user',
    ).toBe(200);
  });
});

describe('when logout is called without a cookie', () => {
  test('then it still answers 204: signing out twice is not an error', async () => {
    const answer = await logout();

    expect(
      answer.status,
      'Logout without a refreshToken cookie should answer 204 too (idempotent)',
    ).toBe(204);
  });
});
