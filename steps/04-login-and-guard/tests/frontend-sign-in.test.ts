// The step 2 frontend, unchanged, now signs in against this real backend instead of the
// stand-in its own checks used. Over plain HTTP, the way signIn('credentials') does it.
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { beforeAll, describe, expect, test } from 'vitest';
import { env, newUser, post } from './support/helpers.ts';
import { readSession, signInWithCredentials, CookieJar } from './support/nextauth-http.ts';

const user = newUser('frontend');
let userId: string;

// The runner starts the frontend when the step folder (or your workspace) has one.
describe.skipIf(!env.frontendUrl)('when a registered user signs in through the frontend', () => {
  beforeAll(async () => {
    const answer = await post('/api/auth/register', user);
    expect(answer.status, `Registering the user at the backend failed: ${answer.text}`).toBe(201);
    userId = answer.json.user.id;
  });

  test('then NextAuth logs in at the backend and the session holds the user and the access token', async () => {
    const jar = new CookieJar();
    const signIn = await signInWithCredentials(
      env.frontendUrl,
      { email: user.email, password: user.password },
      jar,
    );
    expect(
      signIn.error,
      `NextAuth reported "${signIn.error}": is the frontend's BACKEND_URL pointing at this backend, and does login answer {token, user}?`,
    ).toBeNull();
    expect(
      signIn.status,
      `The credentials callback should answer 200: ${signIn.body.slice(0, 200)}`,
    ).toBe(200);

    const session = await readSession(env.frontendUrl, jar);
    expect(session.user, 'The session should carry the user the backend returned').toMatchObject({
      id: userId,
      name: user.name,
      email: user.email,
    });
    expect(session.accessToken, "The session should carry the backend's access token").toEqual(
      expect.any(String),
    );
    const payload = jwt.verify(String(session.accessToken), env.jwtSecret, {
      algorithms: ['HS256'],
    }) as JwtPayload;
    expect(
      payload.sub,
      'The access token in the session should be the one the backend signed for this user',
    ).toBe(userId);
  });

  test('then a wrong password is reported as CredentialsSignin, not as an outage, and no session is made', async () => {
    const jar = new CookieJar();
    const signIn = await signInWithCredentials(
      env.frontendUrl,
      { email: user.email, password: 'not the password' },
      jar,
    );
    expect(
      signIn.error,
      "The backend's 401 should reach NextAuth as a refused sign-in (CredentialsSignin)",
    ).toBe('CredentialsSignin');
    expect(
      await readSession(env.frontendUrl, jar),
      'A refused sign-in must not create a session',
    ).toEqual({});
  });
});
