// How authorize() fails, seen through NextAuth's HTTP API: wrong credentials and a backend
// outage must reach the login page as different errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { freePort } from '../../../scripts/lib/ports.ts';
import { startFrontend, type Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { importFrontendModule } from './support/frontend-module.ts';
import { signInOverHttp } from './support/next-auth-http.ts';

const { frontendUrl, backendUrl, frontendDir, nextauthSecret } = checkEnv();
const account = newAccount('errors');
let offline: Service | undefined;

beforeAll(async () => {
  await registerOverHttp(backendUrl, account);
  // A second server of the same built frontend whose BACKEND_URL points at a port where
  // nothing listens: a backend outage, without stopping the backend the other checks use.
  const port = await freePort();
  const closedPort = await freePort();
  offline = await startFrontend({
    dir: frontendDir,
    port,
    name: 'frontend-without-backend',
    env: {
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: nextauthSecret,
      BACKEND_URL: `http://127.0.0.1:${closedPort}`,
      NEXT_PUBLIC_API_URL: `http://127.0.0.1:${closedPort}/api`,
    },
  });
});

afterAll(async () => {
  await offline?.stop();
});

describe('signing in through NextAuth', () => {
  it('when the password is right, then there is no error and the session holds the user', async () => {
    const answer = await signInOverHttp(frontendUrl, account.email, account.password);
    expect(answer.error, 'authorize() should return the user when the backend answers 200').toBeNull();

    const session = (await (await fetch(`${frontendUrl}/api/auth/session`, { headers: { cookie: answer.cookie } })).json()) as {
      user?: { name?: string; email?: string };
    };
    expect(session.user, 'The session should carry the name and email the backend returned').toMatchObject({
      name: account.name,
      email: account.email,
    });
  });

  it('when the password is wrong, then the error is CredentialsSignin (authorize returned null)', async () => {
    const answer = await signInOverHttp(frontendUrl, account.email, 'not-the-password');

    expect(answer.status, 'NextAuth answers 401 for a failed credentials sign-in').toBe(401);
    expect(answer.error, 'For a 401 from the backend, authorize() should return null, not throw').toBe('CredentialsSignin');
  });

  it('when the backend cannot be reached, then the error is SERVICE_UNAVAILABLE (authorize threw)', async () => {
    const { SERVICE_UNAVAILABLE } = await importFrontendModule<{ SERVICE_UNAVAILABLE: string }>('src/lib/auth-errors.ts');

    const answer = await signInOverHttp(offline!.url, account.email, account.password);

    expect(answer.error, 'An outage must not look like a wrong password: authorize() should throw, not return null').not.toBe(
      'CredentialsSignin',
    );
    expect(answer.error, 'authorize() should throw new Error(SERVICE_UNAVAILABLE) when the backend cannot answer').toBe(SERVICE_UNAVAILABLE);
  });
});
