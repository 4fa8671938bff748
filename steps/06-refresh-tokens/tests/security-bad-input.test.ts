// Hostile or broken requests on every route of the API: each gets a 4xx JSON answer (or the
// answer the route gives without a body), never a 5xx or a stack trace, nothing is written to
// the database, and the API stays healthy. (ASVS V5.1 input validation, V5.3.4 NoSQL injection, V14.3 no debug output)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { gzipSync } from 'node:zlib';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { env, signedInUser, type SignedIn } from './support/backend.ts';

const marker = `bad-input-${Date.now().toString(36)}`;
const email = `${marker}@example.com`;
const json = 'application/json';

interface Case {
  what: string;
  method?: string;
  path: string;
  contentType?: string;
  body?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** The statuses that are right for this request. */
  expected: number[];
  /** What the message must say, so the client knows what to change. */
  message?: RegExp;
  /** Where to look when the answer is wrong. */
  hint?: string;
}

const asJson = (value: unknown) => JSON.stringify(value);
const megabyte = 'x'.repeat(1024 * 1024);
const password73Bytes = `${'é'.repeat(36)}a`; // 36 × 2 bytes + 1 = 73 bytes, 37 characters

const bodyRoutes = ['/api/auth/register', '/api/auth/login'];
const validLogin = asJson({ email, password: 'long-enough-1' });
const bodyErrorHint =
  "describe() in backend/src/middleware/error-handler.ts should answer express.json()'s errors by their type and status";

const cases: Case[] = [
  ...bodyRoutes.flatMap((path): Case[] => [
    {
      what: 'malformed JSON',
      path,
      contentType: json,
      body: '{"email": "a@example.com",',
      expected: [400],
    },
    { what: 'a JSON array', path, contentType: json, body: '[]', expected: [400] },
    { what: 'JSON null', path, contentType: json, body: 'null', expected: [400] },
    {
      what: 'JSON sent as text/plain',
      path,
      contentType: 'text/plain',
      body: asJson({ name: 'Ada', email, password: 'long-enough-1' }),
      expected: [400],
    },
    {
      what: 'a form post',
      path,
      contentType: 'application/x-www-form-urlencoded',
      body: `name=Ada&email=${email}&password=long-enough-1`,
      expected: [400],
    },
    { what: 'no body at all', path, expected: [400] },
    {
      what: 'a 1 MB body',
      path,
      contentType: json,
      body: asJson({ name: megabyte, email, password: 'long-enough-1' }),
      expected: [413],
    },
    {
      what: '{"$gt": ""} as email',
      path,
      contentType: json,
      body: asJson({ name: 'Ada', email: { $gt: '' }, password: 'long-enough-1' }),
      expected: [400],
    },
    {
      what: '{"$ne": null} as password',
      path,
      contentType: json,
      body: asJson({ name: 'Ada', email, password: { $ne: null } }),
      expected: [400],
    },
    {
      what: 'an array as email',
      path,
      contentType: json,
      body: asJson({ name: 'Ada', email: [email], password: 'long-enough-1' }),
      expected: [400],
    },
    {
      what: 'an over-long email (300 characters)',
      path,
      contentType: json,
      body: asJson({
        name: 'Ada',
        email: `${'a'.repeat(288)}@example.com`,
        password: 'long-enough-1',
      }),
      expected: [400],
    },
    {
      what: 'a unicode email',
      path,
      contentType: json,
      body: asJson({ name: 'Ada', email: `${marker}-ü@exämple.com`, password: 'long-enough-1' }),
      expected: [400],
    },
    {
      what: 'an email with a NUL byte',
      path,
      contentType: json,
      body: asJson({
        name: 'Ada',
        email: `${marker}\u0000@example.com`,
        password: 'long-enough-1',
      }),
      expected: [400],
    },
    {
      what: 'a password of 73 bytes (37 characters)',
      path,
      contentType: json,
      body: asJson({ name: 'Ada', email, password: password73Bytes }),
      expected: [400],
    },
    // express.json() reads UTF-8 only and inflates gzip, deflate and br; anything else is the
    // client's mistake (415 or 400), not a failure of the server (500).
    {
      what: 'JSON in charset=iso-8859-1',
      path,
      contentType: `${json}; charset=iso-8859-1`,
      body: validLogin,
      expected: [415],
      message: /UTF-8/i,
      hint: bodyErrorHint,
    },
    {
      what: 'Content-Encoding: compress (not supported)',
      path,
      contentType: json,
      headers: { 'content-encoding': 'compress' },
      body: validLogin,
      expected: [415],
      message: /Content-Encoding/i,
      hint: bodyErrorHint,
    },
    {
      what: 'Content-Encoding: gzip with a body that is not gzip',
      path,
      contentType: json,
      headers: { 'content-encoding': 'gzip' },
      body: 'this is not gzip at all',
      expected: [400],
      message: /Content-Encoding/i,
      hint: bodyErrorHint,
    },
    {
      what: 'Content-Encoding: gzip with a body cut short',
      path,
      contentType: json,
      headers: { 'content-encoding': 'gzip' },
      body: Uint8Array.from(gzipSync(validLogin).subarray(0, 12)),
      expected: [400],
      message: /Content-Encoding/i,
      hint: bodyErrorHint,
    },
  ]),
  {
    what: '{"$gt": ""} as name',
    path: '/api/auth/register',
    contentType: json,
    body: asJson({ name: { $gt: '' }, email, password: 'long-enough-1' }),
    expected: [400],
  },
  {
    what: 'an over-long name',
    path: '/api/auth/register',
    contentType: json,
    body: asJson({ name: 'n'.repeat(101), email, password: 'long-enough-1' }),
    expected: [400],
  },
  {
    what: 'a refresh cookie holding an operator (cookie-parser turns j:{...} into an object)',
    path: '/api/auth/refresh-token',
    headers: { cookie: `refreshToken=j:${encodeURIComponent('{"$gt":""}')}` },
    expected: [401],
  },
  {
    what: 'a refresh cookie of 4 KB garbage',
    path: '/api/auth/refresh-token',
    headers: { cookie: `refreshToken=${'A'.repeat(4000)}` },
    expected: [401],
  },
  {
    what: 'malformed JSON (the route reads no body)',
    path: '/api/auth/refresh-token',
    contentType: json,
    body: '{',
    expected: [400, 401],
  },
  {
    what: 'a logout cookie holding an operator',
    path: '/api/auth/logout',
    headers: { cookie: `refreshToken=j:${encodeURIComponent('{"$ne":null}')}` },
    expected: [204],
  },
  {
    what: 'a 1 MB body on logout',
    path: '/api/auth/logout',
    contentType: json,
    body: asJson({ junk: megabyte }),
    expected: [413],
  },
  {
    what: 'a huge Authorization header',
    method: 'GET',
    path: '/api/user/profile',
    headers: { authorization: `Bearer ${'a'.repeat(6000)}` },
    expected: [401],
  },
  { what: 'an unknown route', method: 'GET', path: '/api/auth/../../etc/passwd', expected: [404] },
  { what: 'an unknown method', method: 'DELETE', path: '/api/auth/login', expected: [404] },
];

let database: mongoose.Connection;
const countAll = async () => ({
  users: await database.collection('users').countDocuments(),
  refreshTokens: await database.collection('refreshtokens').countDocuments(),
});
let before: Awaited<ReturnType<typeof countAll>>;

beforeAll(async () => {
  database = await mongoose
    .createConnection(env.mongodbUri, { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  before = await countAll();
});

afterAll(async () => {
  await database?.close();
});

describe('when a route gets a broken or hostile request', () => {
  test.each(cases.map((c) => [`${c.method ?? 'POST'} ${c.path}`, c.what, c] as const))(
    'then %s with %s answers 4xx JSON without internals',
    async (_route, what, c) => {
      const headers: Record<string, string> = { ...c.headers };
      if (c.contentType) headers['content-type'] = c.contentType;
      const response = await fetch(`${env.backendUrl}${c.path}`, {
        method: c.method ?? 'POST',
        headers,
        body: c.body,
      });
      const text = await response.text();

      expect(
        c.expected,
        `${what} should get ${c.expected.join(' or ')}, not ${response.status}: ${text.slice(0, 300)}${c.hint ? ` (${c.hint})` : ''}`,
      ).toContain(response.status);
      if (response.status !== 204) {
        expect(
          response.headers.get('content-type'),
          `Errors should be JSON, not an HTML error page: ${text.slice(0, 200)}`,
        ).toMatch(/^application\/json/);
        expect(JSON.parse(text).message, 'Every error is JSON {message}').toEqual(
          expect.any(String),
        );
      }
      if (c.message) {
        expect(
          JSON.parse(text).message,
          `The message for ${what} should tell the client what to change (${c.message})${c.hint ? `; ${c.hint}` : ''}`,
        ).toMatch(c.message);
      }
      expect(
        text,
        'An answer must never carry a stack trace, file paths or a password hash',
      ).not.toMatch(/\bat .+:\d+:\d+|"stack"|node_modules|\$2[aby]\$/);
    },
  );

  test('then nothing was written to the database', async () => {
    expect(await countAll(), 'None of these requests may create a user or a refresh token').toEqual(
      before,
    );
    expect(
      await database.collection('users').countDocuments({ email: { $regex: marker } }),
      "No account with this check's emails may exist",
    ).toBe(0);
  });

  test('then GET /api/health still answers 200', async () => {
    const response = await fetch(`${env.backendUrl}/api/health`);
    expect(response.status, 'The API must survive all of the above').toBe(200);
  });
});

describe('when register gets fields it does not know (role, _id, password hash, timestamps)', () => {
  let signedIn: SignedIn;

  test('then it drops them: the account is an ordinary one with a fresh id', async () => {
    const extraEmail = `${marker}-extra@example.com`;
    const forgedId = new mongoose.Types.ObjectId().toHexString();
    const response = await fetch(`${env.backendUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': json },
      body: asJson({
        name: 'Ada',
        email: extraEmail,
        password: 'long-enough-1',
        role: 'admin',
        isAdmin: true,
        _id: forgedId,
        createdAt: '2000-01-01T00:00:00Z',
      }),
    });
    const stored = await database.collection('users').findOne({ email: extraEmail });

    expect(
      response.status,
      `Unknown fields are stripped by the zod schema, the rest registers: ${await response.clone().text()}`,
    ).toBe(201);
    expect(stored, 'The account should be stored').not.toBeNull();
    expect(
      stored?.role,
      'A role in the body must never reach the database (mass assignment): every account starts as a user',
    ).toBe('user');
    expect(
      stored,
      'Fields the API does not know must never reach the database (mass assignment)',
    ).not.toHaveProperty('isAdmin');
    expect(String(stored!._id), 'The client must not choose the id of its account').not.toBe(
      forgedId,
    );
    expect(
      stored!.createdAt.getFullYear(),
      'The client must not set the timestamps',
    ).toBeGreaterThan(2000);
    expect(String(stored!.password), 'The password is stored as a bcrypt hash').toMatch(
      /^\$2[aby]\$/,
    );
  });

  test('then login with the right password followed by extra bytes past 72 is refused, not truncated into a match', async () => {
    signedIn = await signedInUser('bad-input-72');
    const padded = `${signedIn.account.password}${'x'.repeat(80)}`;
    const response = await fetch(`${env.backendUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': json },
      body: asJson({ email: signedIn.account.email, password: padded }),
    });
    expect(
      response.status,
      'A login password over 72 bytes should be refused with 400 (bcrypt would ignore the rest)',
    ).toBe(400);
  });
});
