// Two sign-ups with one email at the same moment: both can pass a "does it exist?" check,
// so only the database's unique index can decide.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newUser, openUsersCollection, post } from './support/helpers.ts';

let db: Awaited<ReturnType<typeof openUsersCollection>>;
beforeAll(async () => {
  db = await openUsersCollection();
});
afterAll(async () => {
  await db?.close();
});

describe('when ten registrations with one email arrive together', () => {
  test('then exactly one answers 201, the other nine 409, and one document exists', async () => {
    const user = newUser('race');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post('/api/auth/register', user)),
    );
    const statuses = answers.map((answer) => answer.status).sort();

    expect(
      statuses.filter((status) => status === 201).length,
      `Exactly one registration should win; statuses: ${statuses.join(', ')}`,
    ).toBe(1);
    expect(
      statuses.filter((status) => status === 409).length,
      `The nine others should answer 409 (catch the unique index's duplicate-key error 11000); statuses: ${statuses.join(', ')}`,
    ).toBe(9);
    expect(
      await db.users.countDocuments({ email: user.email }),
      'The database must hold one user for that email (a unique index on email)',
    ).toBe(1);
  });
});
