// What lands in the database: a bcrypt hash of the password, never the password itself.
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { env, newUser, openUsersCollection, post } from './support/helpers.ts';

let db: Awaited<ReturnType<typeof openUsersCollection>>;
beforeAll(async () => {
  db = await openUsersCollection();
});
afterAll(async () => {
  await db?.close();
});

describe('when a user registers', () => {
  test('then the database holds a bcrypt hash, of the cost BCRYPT_COST sets, that matches the password', async () => {
    const user = newUser('hash');
    expect((await post('/api/auth/register', user)).status, 'Registration should succeed').toBe(
      201,
    );

    const stored = await db.users.findOne({ email: user.email });
    expect(stored, `No document with email ${user.email} in the "users" collection`).not.toBeNull();
    const hash = String(stored!.password);
    expect(
      hash,
      'The stored password must be a bcrypt hash ($2a$/$2b$...), never the password itself',
    ).toMatch(/^\$2[aby]?\$\d{2}\$/);
    const cost = Number(hash.split('$')[2]);
    expect(
      cost,
      `The runner started the backend with BCRYPT_COST=${env.bcryptCost}, but the hash has cost ${cost}: ` +
        'hash with the cost from the settings (passwordHashing.cost in src/models/user.model.ts, set in src/app.ts)',
    ).toBe(env.bcryptCost);
    expect(
      await bcrypt.compare(user.password, hash),
      'bcrypt.compare(password, storedHash) should be true',
    ).toBe(true);
  });

  test('then neither the password nor its hash appears in the register or login answers', async () => {
    const user = newUser('no-leak');
    const registered = await post('/api/auth/register', user);
    const loggedIn = await post('/api/auth/login', { email: user.email, password: user.password });
    const stored = await db.users.findOne({ email: user.email });
    const hash = String(stored?.password);

    for (const [what, answer] of [
      ['register', registered],
      ['login', loggedIn],
    ] as const) {
      expect(answer.text, `The ${what} answer contains the password`).not.toContain(user.password);
      expect(answer.text, `The ${what} answer contains the password hash`).not.toContain(hash);
      expect(
        answer.text,
        `The ${what} answer has a "password" field: leave it out of toJSON`,
      ).not.toMatch(/"password"/);
    }
  });
});
