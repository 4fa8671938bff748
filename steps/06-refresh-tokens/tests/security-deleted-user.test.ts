// Attack run, finding 6: an account deleted while signed in must not go on getting access
// tokens from its refresh token. The check deletes the user in the database directly, as an
// admin tool or a "delete my account" feature would. (ASVS V3.3.1, V8.3.8)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { env, refresh, signedInUser } from './support/backend.ts';
import { openRefreshTokens } from './support/database.ts';

let db: Awaited<ReturnType<typeof openRefreshTokens>>;

beforeAll(async () => {
  db = await openRefreshTokens();
});

afterAll(async () => {
  await db?.close();
});

describe('when the account is deleted while its sign-in lasts', () => {
  test('then the refresh token is refused with 401, hands out no access token, and its sign-in is revoked', async () => {
    const { refreshToken, userId } = await signedInUser('deleted');
    const users = mongoose.createConnection(env.mongodbUri, { serverSelectionTimeoutMS: 5_000 });
    try {
      const deleted = await users
        .collection('users')
        .deleteOne({ _id: new mongoose.Types.ObjectId(userId) });
      expect(deleted.deletedCount, 'The check should have deleted the user').toBe(1);
    } finally {
      await users.close();
    }

    const answer = await refresh(refreshToken);

    expect(
      answer.status,
      `Refresh for a deleted account should answer 401 (src/controllers/auth.controller.ts): ${answer.text}`,
    ).toBe(401);
    expect(
      answer.json?.accessToken,
      'No access token for an account that no longer exists',
    ).toBeUndefined();
    const rows = await db.ofUser(userId);
    expect(
      rows.filter((row) => row.revokedAt === null),
      'Every refresh token of the deleted account should be revoked',
    ).toEqual([]);
  });
});
