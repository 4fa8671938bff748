// Step 2 checks: NextAuth's Credentials provider signs in at the backend over real HTTP.
// The backend itself is built in step 3, so these checks start a stand-in for its login
// route (support/stand-in-backend.ts) on the address that tests/env.json gives the frontend.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { CookieJar, readSession, signInWithCredentials } from './support/nextauth-http.ts';
import {
  knownUser,
  standInToken,
  startStandInBackend,
  type StandInBackend,
} from './support/stand-in-backend.ts';

const { frontendUrl } = checkEnv();
const rightPassword = { email: knownUser.email, password: knownUser.password };
const wrongPassword = { email: knownUser.email, password: 'not-the-password' };

let backend: StandInBackend;

beforeAll(async () => {
  backend = await startStandInBackend();
});

afterAll(async () => {
  await backend?.close();
});

beforeEach(() => {
  backend.setMode('contract');
});

describe('the NextAuth API route', () => {
  it('when the providers are listed, then credentials is one of them', async () => {
    const response = await fetch(`${frontendUrl}/api/auth/providers`);
    expect(
      response.status,
      'GET /api/auth/providers should answer 200; is src/pages/api/auth/[...nextauth].ts there?',
    ).toBe(200);
    const providers = (await response.json()) as Record<string, { type?: string }>;
    expect(
      providers.credentials?.type,
      `authOptions.providers should hold CredentialsProvider from 'next-auth/providers/credentials'; got ${JSON.stringify(providers)}`,
    ).toBe('credentials');
  });
});

describe('signing in with email and password', () => {
  it('when the backend accepts the credentials, then the session holds the user and the access token', async () => {
    const jar = new CookieJar();
    const result = await signInWithCredentials(frontendUrl, rightPassword, jar);
    expect(
      result.error,
      `The sign-in should succeed; NextAuth answered ${result.status} ${result.body}`,
    ).toBeNull();
    expect(result.status, 'The callback should answer 200 after a successful sign-in').toBe(200);

    const session = await readSession(frontendUrl, jar);
    expect(
      session.user,
      'The session callback should copy token.user (id, name, email) into session.user',
    ).toEqual({ id: knownUser.id, name: knownUser.name, email: knownUser.email });
    expect(
      session.accessToken,
      "The jwt callback should keep the backend's token (user.accessToken) and the session callback should expose it as session.accessToken",
    ).toBe(standInToken);
  });

  it('when authorize() runs, then it posts the email and password as JSON to /api/auth/login', async () => {
    const before = backend.logins.length;
    await signInWithCredentials(frontendUrl, rightPassword);
    expect(
      backend.logins.slice(before),
      'authorize() should POST { email, password } to `${BACKEND_URL}/api/auth/login` exactly once',
    ).toEqual([rightPassword]);
  });

  it('when the password is wrong, then there is no session and the error is CredentialsSignin', async () => {
    const jar = new CookieJar();
    const result = await signInWithCredentials(frontendUrl, wrongPassword, jar);
    expect(
      result.error,
      'A 401 from the backend should make authorize() return null, which NextAuth reports as CredentialsSignin',
    ).toBe('CredentialsSignin');
    const session = await readSession(frontendUrl, jar);
    expect(
      session.user,
      `A failed sign-in must not create a session; got ${JSON.stringify(session)}`,
    ).toBeUndefined();
  });

  it('when the email is not a string, then authorize() turns it down without asking the backend', async () => {
    const before = backend.logins.length;
    const jar = new CookieJar();
    // A form can only send strings, but the route also accepts JSON bodies.
    const csrf = (await (await jar.fetch(`${frontendUrl}/api/auth/csrf`)).json()) as {
      csrfToken: string;
    };
    const response = await jar.fetch(`${frontendUrl}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        csrfToken: csrf.csrfToken,
        email: { $ne: '' },
        password: { $ne: '' },
        json: 'true',
      }),
    });
    const body = (await response.json()) as { url?: string };
    expect(
      new URL(body.url ?? '', frontendUrl).searchParams.get('error'),
      'authorize() should return null for credentials that are not strings',
    ).toBe('CredentialsSignin');
    expect(
      backend.logins.length,
      'authorize() should validate the credentials before it calls the backend',
    ).toBe(before);
  });
});

describe('when the backend cannot answer', () => {
  it('when it answers 503, then the error is ServiceUnavailable, not CredentialsSignin', async () => {
    backend.setMode('unavailable');
    const jar = new CookieJar();
    const result = await signInWithCredentials(frontendUrl, rightPassword, jar);
    expect(
      result.error,
      `A 5xx from the backend should make authorize() throw new Error('ServiceUnavailable'); NextAuth answered ${result.body}`,
    ).toBe('ServiceUnavailable');
    expect(
      (await readSession(frontendUrl, jar)).user,
      'An outage must not create a session',
    ).toBeUndefined();
  });

  it(
    'when it does not answer in time, then authorize() gives up and the error is ServiceUnavailable',
    { timeout: 20_000 },
    async () => {
      backend.setMode('silent');
      const result = await Promise.race([
        signInWithCredentials(frontendUrl, rightPassword),
        failAfter(
          10_000,
          'authorize() still waits for a backend that does not answer after 10 s; give the axios call a `timeout`',
        ),
      ]);
      expect(result.error, 'A backend that never answers should end in ServiceUnavailable').toBe(
        'ServiceUnavailable',
      );
    },
  );

  it('when it is down, then the error is ServiceUnavailable and the answer carries no stack trace', async () => {
    await backend.close();
    try {
      const result = await signInWithCredentials(frontendUrl, rightPassword);
      expect(
        result.error,
        'A backend that refuses connections should make authorize() throw ServiceUnavailable',
      ).toBe('ServiceUnavailable');
      expect(
        result.body,
        'The answer to the browser must not contain a stack trace or the connection error',
      ).not.toMatch(/\bat .+\(|ECONNREFUSED|AxiosError/);
    } finally {
      backend = await startStandInBackend();
    }
  });
});

/** Rejects with a message for the learner when a request hangs longer than it should. */
function failAfter(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}
