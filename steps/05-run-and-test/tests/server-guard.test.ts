// The server-side guard: what the frontend's server answers for /profile, without a browser.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { signInOverHttp } from './support/nextauth-http.ts';

const { frontendUrl, backendUrl } = checkEnv();
const account = newAccount('guard');

beforeAll(async () => {
  await registerOverHttp(backendUrl, account);
});

describe('GET /profile on the server', () => {
  it('when nobody is signed in, then the server answers with a redirect to /login, not the page', async () => {
    const response = await fetch(`${frontendUrl}/profile`, { redirect: 'manual' });

    expect(
      [302, 307],
      'A signed-out request for /profile should be redirected by src/middleware.ts',
    ).toContain(response.status);
    const location = new URL(response.headers.get('location') ?? '', frontendUrl);
    expect(
      location.pathname,
      'The redirect should go to the sign-in page set in the middleware (pages.signIn)',
    ).toBe('/login');
    expect(
      location.searchParams.get('callbackUrl'),
      'The redirect should say where to come back to',
    ).toBe('/profile');
  });

  it('when the request carries a valid session cookie, then the server sends the page', async () => {
    const signIn = await signInOverHttp(frontendUrl, account.email, account.password);
    expect(signIn.error, 'Signing in over HTTP should succeed for a registered user').toBeNull();

    const response = await fetch(`${frontendUrl}/profile`, {
      redirect: 'manual',
      headers: { cookie: signIn.cookie },
    });

    expect(response.status, 'The middleware should let a signed-in user through to /profile').toBe(
      200,
    );
  });

  it('when the session cookie is forged, then the server still redirects to /login', async () => {
    const response = await fetch(`${frontendUrl}/profile`, {
      redirect: 'manual',
      headers: { cookie: 'next-auth.session-token=not-a-real-token' },
    });

    expect(
      [302, 307],
      'Any cookie is not enough: the middleware must verify the session token',
    ).toContain(response.status);
  });
});
