// The admin routes: denied by default, the role read from the database on each request (so a
// role given or taken counts at once), and the first admin made by the backend's own command.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeAdmin } from './support/admin.ts';
import { env, signedInUser, type SignedIn } from './support/backend.ts';
import { openUsersCollection, request } from './support/helpers.ts';

const bearer = (token?: string): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

const listUsers = (token?: string, query = '') =>
  request(`/api/admin/users${query}`, { headers: bearer(token) });

const changeRole = (id: string, role: unknown, token?: string) =>
  request(`/api/admin/users/${id}/role`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify({ role }),
  });

let admin: SignedIn;
let member: SignedIn;
let database: Awaited<ReturnType<typeof openUsersCollection>>;

beforeAll(async () => {
  database = await openUsersCollection();
  [admin, member] = await Promise.all([signedInUser('admin'), signedInUser('member')]);
  const made = makeAdmin(admin.account.email);
  expect(made.status, `npm run make-admin -- ${admin.account.email}:\n${made.output}`).toBe(0);
});

afterAll(async () => {
  await database?.close();
});

describe('when the admin routes are called without the admin role', () => {
  test('then without a token both answer 401', async () => {
    expect((await listUsers()).status, 'GET /api/admin/users without a token').toBe(401);
    expect((await changeRole(member.userId, 'admin')).status, 'PATCH without a token').toBe(401);
  });

  test("then with a user's token both answer 403, and nothing of the user list", async () => {
    const list = await listUsers(member.accessToken);
    expect(list.status, `requireRole('admin') after requireAuth: ${list.text}`).toBe(403);
    expect(list.text, 'A refused answer must not carry users').not.toContain(admin.account.email);
    const change = await changeRole(member.userId, 'admin', member.accessToken);
    expect(change.status, 'A user must not make themselves admin').toBe(403);
    const stored = await database.users.findOne({ email: member.account.email });
    expect(stored?.role, 'and the role in the database stays user').toBe('user');
  });

  test('then a token that claims role "admin" changes nothing: the role is read from the database', async () => {
    const claims = { type: 'access', role: 'admin' };
    const options = { subject: member.userId, audience: 'workshop-api', expiresIn: 60 } as const;
    const forged = jwt.sign(claims, 'not-the-secret-of-this-backend-at-all-32', options);
    expect((await listUsers(forged)).status, 'signed with another key: refused').toBe(401);
    // Even signed with the real key (as a backend that put roles in tokens would sign it).
    const signed = jwt.sign(claims, env.jwtSecret, { ...options, algorithm: 'HS256' });
    expect(
      (await listUsers(signed)).status,
      'requireRole must read the role from the database, not from the token',
    ).toBe(403);
  });
});

describe('when an admin calls the admin routes', () => {
  test('then GET /api/admin/users answers a page of users, without password hashes', async () => {
    const answer = await listUsers(admin.accessToken, '?page=1&perPage=2');
    expect(answer.status, answer.text).toBe(200);
    const body = answer.json as {
      users: Record<string, unknown>[];
      page: number;
      perPage: number;
      total: number;
    };
    expect(body).toMatchObject({ page: 1, perPage: 2 });
    expect(body.total, 'total counts every user').toBeGreaterThanOrEqual(2);
    expect(body.users.length).toBe(2);
    for (const user of body.users)
      expect(Object.keys(user).sort(), 'each user: id, name, email, role, created').toEqual([
        'createdAt',
        'email',
        'id',
        'name',
        'role',
      ]);
    expect(answer.text, 'no password hash, ever').not.toMatch(/\$2[aby]\$/);
  });

  test('then the newest page holds the users just made, with their roles', async () => {
    const first = (await listUsers(admin.accessToken, '?perPage=100')).json as { total: number };
    const lastPage = Math.max(1, Math.ceil(first.total / 100));
    const pages = await Promise.all(
      [lastPage - 1, lastPage]
        .filter((page) => page >= 1)
        .map((page) => listUsers(admin.accessToken, `?page=${page}&perPage=100`)),
    );
    const users = pages.flatMap(
      (page) => (page.json as { users: { email: string; role: string }[] }).users,
    );
    expect(users.find((user) => user.email === admin.account.email)?.role).toBe('admin');
    expect(users.find((user) => user.email === member.account.email)?.role).toBe('user');
  });

  test('then page and perPage out of range, or not numbers, get 400', async () => {
    for (const query of ['?perPage=101', '?page=0', '?page=two', '?perPage=1.5']) {
      const answer = await listUsers(admin.accessToken, query);
      expect(answer.status, `GET /api/admin/users${query}: ${answer.text}`).toBe(400);
    }
  });

  test("then a role given counts at the user's next request, and so does a role taken", async () => {
    const promoted = await changeRole(member.userId, 'admin', admin.accessToken);
    expect(promoted.status, promoted.text).toBe(200);
    expect((promoted.json as { user: { role: string } }).user.role).toBe('admin');
    expect(
      (await listUsers(member.accessToken)).status,
      "the member's token from before the change opens the list at once",
    ).toBe(200);

    const demoted = await changeRole(member.userId, 'user', admin.accessToken);
    expect(demoted.status, demoted.text).toBe(200);
    expect(
      (await listUsers(member.accessToken)).status,
      'a demotion counts at once, though the access token is still valid',
    ).toBe(403);
  });

  test('then a role that does not exist gets 400, and an unknown or malformed id 404', async () => {
    expect((await changeRole(member.userId, 'owner', admin.accessToken)).status).toBe(400);
    expect((await changeRole('0123456789abcdef01234567', 'admin', admin.accessToken)).status).toBe(
      404,
    );
    expect((await changeRole('not-an-id', 'admin', admin.accessToken)).status).toBe(404);
  });

  test('then the last admin cannot demote themselves, and stays admin', async () => {
    // This check's admin is made the only one, whatever else the database holds.
    await database.users.updateMany(
      { role: 'admin', email: { $ne: admin.account.email } },
      { $set: { role: 'user' } },
    );
    const answer = await changeRole(admin.userId, 'user', admin.accessToken);
    expect(answer.status, `the last admin demoting themselves: ${answer.text}`).toBe(409);
    const stored = await database.users.findOne({ email: admin.account.email });
    expect(stored?.role, 'the change is undone').toBe('admin');
    expect((await listUsers(admin.accessToken)).status, 'and the list still opens').toBe(200);
  });
});

describe('when npm run make-admin is given no account, or one that does not exist', () => {
  test('then it says what to do and exits with an error, changing nothing', () => {
    const none = makeAdmin();
    expect(none.status, none.output).toBe(2);
    expect(none.output).toContain('npm run make-admin -- ');
    const unknown = makeAdmin('nobody-at-all@example.com');
    expect(unknown.status, unknown.output).toBe(1);
    expect(unknown.output).toContain('No account with the email nobody-at-all@example.com');
  });
});
