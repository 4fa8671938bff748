// POST /api/auth/login: a signed access token for the right password, and one identical 401
// for a wrong password and an unknown email, answered in about the same time.
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { beforeAll, describe, expect, test } from 'vitest';
import { env, newUser, post } from './support/helpers.ts';

const user = newUser('login');
let userId: string;

beforeAll(async () => {
  const answer = await post('/api/auth/register', user);
  expect(answer.status, `Registering the login check's user failed: ${answer.text}`).toBe(201);
  userId = answer.json.user.id;
});

describe('when a registered user logs in with the right password', () => {
  test('then the API answers 200 with a token and the user {id, name, email}', async () => {
    const answer = await post('/api/auth/login', { email: user.email, password: user.password });

    expect(
      answer.status,
      `Login with the right password should answer 200; it answered: ${answer.text}`,
    ).toBe(200);
    expect(answer.json?.token, 'The 200 body should have a "token" (the signed JWT)').toEqual(
      expect.any(String),
    );
    expect(
      answer.json?.user,
      'The 200 body should have "user": {id, name, email}, exactly these three',
    ).toEqual({
      id: userId,
      name: user.name,
      email: user.email,
    });
  });

  test('then the token is HS256-signed with JWT_SECRET, its subject is the user id, and it lives one hour', async () => {
    const { json } = await post('/api/auth/login', { email: user.email, password: user.password });

    let payload: JwtPayload;
    try {
      payload = jwt.verify(json.token, env.jwtSecret, { algorithms: ['HS256'] }) as JwtPayload;
    } catch (error) {
      throw new Error(
        `The token does not verify with JWT_SECRET and HS256 (${(error as Error).message}). Sign it with algorithm: 'HS256'.`,
        { cause: error },
      );
    }
    expect(payload.sub, 'The token\'s "sub" (subject) claim should be the user\'s id').toBe(userId);
    expect(
      (payload.exp ?? 0) - (payload.iat ?? 0),
      'The token should expire one hour (3600 s) after it was issued',
    ).toBe(3600);
  });
});

describe('when the credentials are wrong', () => {
  test('then a wrong password and an unknown email get the same 401 answer', async () => {
    const wrongPassword = await post('/api/auth/login', {
      email: user.email,
      password: 'not the password',
    });
    const unknownEmail = await post('/api/auth/login', {
      email: newUser('nobody').email,
      password: 'not the password',
    });

    expect(wrongPassword.status, 'A wrong password should answer 401').toBe(401);
    expect(
      unknownEmail.status,
      'An unknown email should answer 401 (not 404: that would tell who has an account)',
    ).toBe(401);
    expect(
      unknownEmail.json,
      'Both answers should be identical, so they do not reveal which emails exist',
    ).toEqual(wrongPassword.json);
    expect(wrongPassword.json?.message, 'The 401 should carry a JSON {message}').toEqual(
      expect.any(String),
    );
    expect(wrongPassword.json, 'A failed login must not hand out a token').not.toHaveProperty(
      'token',
    );
  });

  test('then an unknown email takes about as long as a wrong password (a bcrypt comparison runs either way)', async () => {
    const attempt = async (email: string) =>
      (await post('/api/auth/login', { email, password: 'not the password' })).ms;
    const unknown = newUser('nobody').email;
    let wrongPasswordMs = 0;
    let unknownEmailMs = 0;
    // Taken in turns, so a moment when the machine is busy slows both kinds alike.
    for (let round = 0; round < 3; round += 1) {
      wrongPasswordMs += (await attempt(user.email)) / 3;
      unknownEmailMs += (await attempt(unknown)) / 3;
    }

    // Without a comparison an unknown email answers in a few ms, against hundreds for bcrypt.
    expect(
      unknownEmailMs,
      `An unknown email answered in ${Math.round(unknownEmailMs)} ms, a wrong password in ${Math.round(wrongPasswordMs)} ms: ` +
        'compare the password against a fixed dummy hash when no user has the email',
    ).toBeGreaterThan(wrongPasswordMs * 0.5);
  });
});
