// The login page once an account is locked by the backend's login throttle (429 with
// Retry-After): it says so, and when to try again, instead of "service unavailable" or
// "invalid email or password". This file starts a backend of its own with a long lockout
// window (the run's backend locks for 3 s only) and a second server of the built frontend
// that talks to it. (ASVS V2.2.1 anti-automation, with a message the user can act on)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { expect, test, type Page } from '@playwright/test';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { startBackend, startFrontend, type Service } from '../../../scripts/lib/services.ts';
import { freePort } from '../../../scripts/lib/ports.ts';
import { newAccount, registerOverHttp, type Account } from './support/accounts.ts';

const { backendDir, frontendDir, jwtSecret, jwtRefreshSecret, mongodbUri, nextauthSecret } =
  checkEnv();
const MAX_FAILURES = 2;
const account = newAccount('locked-page');
let backend: Service | undefined;
let frontend: Service | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  backend = await startBackend({
    dir: backendDir,
    name: 'backend-long-lockout',
    env: {
      MONGODB_URI: mongodbUri,
      JWT_SECRET: jwtSecret,
      JWT_REFRESH_SECRET: jwtRefreshSecret,
      CORS_ORIGIN: 'http://127.0.0.1:3000',
      NODE_ENV: 'test',
      LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      LOGIN_LOCKOUT_WINDOW: '5m',
    },
  });
  await registerOverHttp(backend.url, account);
  const port = await freePort();
  frontend = await startFrontend({
    dir: frontendDir,
    port,
    name: 'frontend-long-lockout',
    env: {
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: nextauthSecret,
      BACKEND_URL: backend.url,
    },
  });
});

/** Fills in /login of this file's frontend, as a person would. */
async function signIn(page: Page, credentials: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.goto(`${frontend!.url}/login`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.afterAll(async () => {
  await frontend?.stop();
  await backend?.stop();
});

test('when an account is locked after too many wrong passwords, then /login says so and when to try again, even for the right password', async ({
  page,
}) => {
  const alert = page.getByRole('main').getByRole('alert');
  for (let attempt = 1; attempt <= MAX_FAILURES; attempt += 1) {
    await signIn(page, { email: account.email, password: `${account.password}-wrong` });
    await expect(
      alert,
      `Wrong password ${attempt} of ${MAX_FAILURES} is still just a wrong password`,
    ).toHaveText('Invalid email or password');
  }

  await signIn(page, account);

  await expect(
    alert,
    'A 429 from the backend should read as a locked sign-in (src/lib/sign-in-messages.ts), not as an outage or a typo',
  ).toContainText(/too many failed sign-in attempts/i);
  // LOGIN_LOCKOUT_WINDOW is 5 minutes, so Retry-After is at most 300 s, rounded up to minutes.
  await expect(
    alert,
    'The message should say when to try again, from Retry-After (src/lib/backend-login.server.ts)',
  ).toContainText('Try again in 5 minutes.');
  await expect(page, 'The locked user stays on /login').toHaveURL(/\/login/);
});
