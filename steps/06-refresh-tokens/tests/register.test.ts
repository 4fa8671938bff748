// POST /api/auth/register: creates a user, refuses duplicates with 409, and refuses bad
// bodies with 400 and field errors before anything reaches the database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newUser, openUsersCollection, post } from './support/helpers.ts';

let db: Awaited<ReturnType<typeof openUsersCollection>>;
beforeAll(async () => {
  db = await openUsersCollection();
});
afterAll(async () => {
  await db?.close();
});

describe('when a new user registers', () => {
  test('then the API answers 201 with the user, and no password in any form', async () => {
    const user = newUser('register');
    const answer = await post('/api/auth/register', user);

    expect(
      answer.status,
      `Register should answer 201 Created for a new email; it answered: ${answer.text}`,
    ).toBe(201);
    expect(answer.json?.user, 'The 201 body should be {"user": {...}}').toMatchObject({
      name: user.name,
      email: user.email,
    });
    expect(
      answer.json.user.id,
      'The user in the answer needs an "id" (the MongoDB _id as a string)',
    ).toEqual(expect.any(String));
    expect(
      answer.json.user,
      'The answer must not contain a password field (hide it in toJSON)',
    ).not.toHaveProperty('password');
    expect(
      answer.text,
      'Neither the password nor its hash may appear anywhere in the answer',
    ).not.toMatch(new RegExp(`${user.password}|\\$2[aby]?\\$`));
  });

  test('then registering the same email again answers 409 Conflict', async () => {
    const user = newUser('twice');
    expect(
      (await post('/api/auth/register', user)).status,
      'The first registration should succeed',
    ).toBe(201);

    const again = await post('/api/auth/register', { ...user, name: 'Someone else' });
    expect(
      again.status,
      'A second registration with an existing email should answer 409 Conflict (the original guide used 400)',
    ).toBe(409);
    expect(again.json?.message, 'The 409 answer should carry a JSON {message}').toEqual(
      expect.any(String),
    );
    expect(
      await db.users.countDocuments({ email: user.email }),
      'Only one account may exist per email',
    ).toBe(1);
  });

  test('then the email is trimmed and lowercased, so "  A@B.C " and "a@b.c" are the same account', async () => {
    const user = newUser('case');
    const shouted = `  ${user.email.toUpperCase()} `;
    const first = await post('/api/auth/register', { ...user, email: shouted });
    expect(
      first.status,
      `Register should accept an email with spaces and capitals; it answered: ${first.text}`,
    ).toBe(201);
    expect(first.json?.user?.email, 'The stored email should be trimmed and lowercased').toBe(
      user.email,
    );

    const second = await post('/api/auth/register', user);
    expect(second.status, 'The same email in lower case should count as taken: 409').toBe(409);
  });
});

// Each body below is wrong in one way; the API must answer 400 with {message, errors: {field: [...]}}.
const strong = 'a sound password';
const invalidBodies: { title: string; body: unknown; field: string; email?: string }[] = [
  { title: 'an empty body', body: {}, field: 'email' },
  {
    title: 'a missing name',
    body: { email: 'no-name@example.com', password: strong },
    field: 'name',
    email: 'no-name@example.com',
  },
  {
    title: 'a number as the name',
    body: { name: 42, email: 'number-name@example.com', password: strong },
    field: 'name',
    email: 'number-name@example.com',
  },
  {
    title: 'a number as the password',
    body: { name: 'N', email: 'number-pw@example.com', password: 12345678 },
    field: 'password',
    email: 'number-pw@example.com',
  },
  {
    title: 'a query operator as the email ({"$gt": ""})',
    body: { name: 'N', email: { $gt: '' }, password: strong },
    field: 'email',
  },
  {
    title: 'an email that is not an email',
    body: { name: 'N', email: 'not-an-email', password: strong },
    field: 'email',
    email: 'not-an-email',
  },
  {
    title: 'a name of 101 characters',
    body: { name: 'n'.repeat(101), email: 'long-name@example.com', password: strong },
    field: 'name',
    email: 'long-name@example.com',
  },
  {
    title: 'an email of 255 characters',
    body: { name: 'N', email: `${'e'.repeat(243)}@example.com`, password: strong },
    field: 'email',
    email: `${'e'.repeat(243)}@example.com`,
  },
  {
    title: 'a password of 7 characters',
    body: { name: 'N', email: 'short-pw@example.com', password: 'seven77' },
    field: 'password',
    email: 'short-pw@example.com',
  },
  // 37 characters but 73 bytes in UTF-8: bcrypt would silently ignore the 73rd byte.
  {
    title: 'a password of 73 bytes (37 characters, "é" is 2 bytes)',
    body: { name: 'N', email: 'long-pw@example.com', password: `a${'é'.repeat(36)}` },
    field: 'password',
    email: 'long-pw@example.com',
  },
];

describe('when the register body is invalid', () => {
  test.each(invalidBodies)(
    'then $title is refused with 400 and field errors, and nothing is stored',
    async ({ body, field, email }) => {
      const before = await db.users.countDocuments();
      const answer = await post('/api/auth/register', body);

      expect(
        answer.status,
        `Register should answer 400 for ${JSON.stringify(body).slice(0, 80)}; it answered ${answer.status}: ${answer.text.slice(0, 200)}`,
      ).toBe(400);
      expect(answer.json?.message, 'A 400 answer needs a JSON {message}').toEqual(
        expect.any(String),
      );
      expect(
        answer.json?.errors?.[field],
        `The 400 answer should list errors for "${field}" as {"errors": {"${field}": ["..."]}}`,
      ).toEqual(expect.arrayContaining([expect.any(String)]));
      expect(
        await db.users.countDocuments(),
        'A refused registration must not write any document',
      ).toBe(before);
      if (email)
        expect(await db.users.countDocuments({ email }), 'No user with that email may exist').toBe(
          0,
        );
    },
  );

  test('then a password of exactly 72 bytes is still accepted (the limit counts bytes, it is not lower)', async () => {
    const user = { ...newUser('72-bytes'), password: 'é'.repeat(36) };
    const answer = await post('/api/auth/register', user);
    expect(
      answer.status,
      `A 72-byte password is within bcrypt's limit and should be accepted; the API answered: ${answer.text}`,
    ).toBe(201);
  });
});

describe('when a login body carries a query operator', () => {
  test('then login answers 400 and never treats {"$gt": ""} as "any email"', async () => {
    await post('/api/auth/register', newUser('operator-target'));
    const answer = await post('/api/auth/login', { email: { $gt: '' }, password: { $gt: '' } });
    expect(
      answer.status,
      `Login must validate the body: an object as email should give 400; it answered ${answer.status}: ${answer.text}`,
    ).toBe(400);
    expect(answer.json?.errors?.email, 'The 400 answer should name the email field').toEqual(
      expect.arrayContaining([expect.any(String)]),
    );
    expect(answer.json, 'A refused login must not hand out a token').not.toHaveProperty('token');
  });
});
