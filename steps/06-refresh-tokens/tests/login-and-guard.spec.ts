// The login page and the guarded /profile in a real Chromium, against the real backend.
import { expect, test } from '@playwright/test';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { expectPath, signInThroughThePage } from './support/browser.ts';

const { backendUrl } = checkEnv();
const account = newAccount('browser');

test.beforeAll(async () => {
  await registerOverHttp(backendUrl, account);
});

test('when signed out, then opening /profile lands on /login with a callbackUrl', async ({
  page,
}) => {
  await page.goto('/profile');

  await expectPath(page, '/login', 'A signed-out visit to /profile should end on /login');
  expect(
    new URL(page.url()).searchParams.get('callbackUrl'),
    'The login page should know where to go back to',
  ).toBe('/profile');
  await expect(
    page.getByRole('heading', { name: 'Your profile' }),
    'The protected page must not be shown',
  ).toHaveCount(0);
});

test('when the password is wrong, then an error is announced and the page stays on /login', async ({
  page,
}) => {
  await signInThroughThePage(page, { email: account.email, password: 'wrong-password' });

  await expect(
    page.getByRole('main').getByRole('alert'),
    'A failed sign-in should show its message in an element with role="alert"',
  ).toHaveText('Invalid email or password');
  await expectPath(page, '/login', 'A failed sign-in should stay on /login');
  await expect(
    page.getByRole('button', { name: 'Sign in' }),
    'The button should be usable again after a failure',
  ).toBeEnabled();
});

test('when the form is submitted, then the button is disabled until the answer comes', async ({
  page,
}) => {
  // Hold NextAuth's answer back a moment, so the in-between state can be seen.
  await page.route('**/api/auth/callback/credentials', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await signInThroughThePage(page, { email: account.email, password: 'wrong-password' });

  await expect(
    page.locator('button[type="submit"]'),
    'A second click while signing in would send the form twice',
  ).toBeDisabled();
  await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
});

test('when the password is right, then the user lands on / and /profile shows their name and email', async ({
  page,
}) => {
  await signInThroughThePage(page, account);

  await expectPath(page, '/', 'Without a callbackUrl, signing in should lead to the home page');
  await expect(
    page.getByText(`Signed in as ${account.name}`),
    'The home page should say who is signed in',
  ).toBeVisible();

  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: 'Your profile' })).toBeVisible();
  await expect(
    page.getByTestId('profile-name'),
    '/profile should show the name from the session',
  ).toHaveText(account.name);
  await expect(
    page.getByTestId('profile-email'),
    '/profile should show the email from the session',
  ).toHaveText(account.email);
});

test('when a signed-out visit to /profile is followed by signing in, then the user is sent back to /profile', async ({
  page,
}) => {
  await page.goto('/profile');
  await expectPath(page, '/login', 'A signed-out visit to /profile should end on /login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expectPath(
    page,
    '/profile',
    'After signing in, the callbackUrl (/profile) should be honoured',
  );
  await expect(page.getByTestId('profile-email')).toHaveText(account.email);
});

test('when the user signs out, then /profile redirects to /login again', async ({ page }) => {
  await signInThroughThePage(page, account);
  await expectPath(page, '/', 'Signing in should lead to the home page');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(
    page.getByText('You are signed out.'),
    'After signing out, /login should say so',
  ).toBeVisible();

  await page.goto('/profile');
  await expectPath(page, '/login', 'After signing out, /profile should be out of reach again');
});

for (const callbackUrl of ['https://evil.example', '//evil.example', '/\\evil.example']) {
  test(`when the callbackUrl is ${callbackUrl}, then signing in lands on / of this site`, async ({
    page,
  }) => {
    await signInThroughThePage(page, account, `?callbackUrl=${encodeURIComponent(callbackUrl)}`);

    await expectPath(
      page,
      '/',
      'A callbackUrl to another site must be replaced by "/" (src/lib/safe-callback-url.ts)',
    );
    expect(new URL(page.url()).host, 'Signing in must never leave this site').toBe(
      new URL(checkEnv().frontendUrl).host,
    );
  });
}

test('when the session ends while /profile is open, then withAuth sends the user to /login', async ({
  page,
  context,
}) => {
  await signInThroughThePage(page, account, '?callbackUrl=%2Fprofile');
  await expect(page.getByTestId('profile-email')).toHaveText(account.email);

  // The session cookie goes away (expired, or cleared in another tab); the page is already
  // loaded, so only the client-side guard can react. NextAuth checks the session again
  // when the tab becomes visible.
  await context.clearCookies();

  // A session request the page sent before the cookies went (an API call asking for the
  // token, say) can answer after the check and bring the session back for a moment, so the
  // tab keeps "becoming visible" until the guard has acted.
  await expect(async () => {
    await page
      .evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
      .catch(() => undefined);
    expect(new URL(page.url()).pathname, 'withAuth should redirect when the session is gone').toBe(
      '/login',
    );
  }).toPass({ timeout: 15_000, intervals: [500, 1_000] });
  await expect(
    page.getByRole('heading', { name: 'Your profile' }),
    'withAuth should stop showing the protected page',
  ).toHaveCount(0);
});
