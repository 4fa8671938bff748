// The login page during a backend outage. The backend the other checks use keeps running:
// this file starts a second server of the same built frontend whose BACKEND_URL points at
// a port where nothing listens.
import { expect, test } from '@playwright/test';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { twoFreePorts } from '../../../scripts/lib/ports.ts';
import { startFrontend, type Service } from '../../../scripts/lib/services.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';

const { backendUrl, frontendDir, nextauthSecret } = checkEnv();
const account = newAccount('outage');
let offline: Service | undefined;

test.beforeAll(async () => {
  // A real account, so the only thing wrong is that the backend cannot be reached.
  await registerOverHttp(backendUrl, account);
  // Two different ports: the backend address must not be this frontend's own.
  const [port, closedPort] = await twoFreePorts();
  offline = await startFrontend({
    dir: frontendDir,
    port,
    name: 'frontend-without-backend-browser',
    env: {
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: nextauthSecret,
      BACKEND_URL: `http://127.0.0.1:${closedPort}`,
    },
  });
});

test.afterAll(async () => {
  await offline?.stop();
});

test('when the backend is down, then /login says the service is unavailable, not that the password is wrong', async ({
  page,
}) => {
  await page.goto(`${offline!.url}/login`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(
    page.getByRole('main').getByRole('alert'),
    'An outage should be reported as one, so the user does not hunt for a typo',
  ).toHaveText('The sign-in service is unavailable. Try again in a moment.');
  await expect(
    page.getByRole('button', { name: 'Sign in' }),
    'The user should be able to try again',
  ).toBeEnabled();
});
