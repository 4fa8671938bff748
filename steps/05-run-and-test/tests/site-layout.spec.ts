// The frame around the pages in a real Chromium: the header, the notices on /login, the error
// pages, the focus after a failed sign-in, and a phone-sized screen.
import { expect, test } from '@playwright/test';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { expectPath, signInThroughThePage } from './support/browser.ts';

const { backendUrl } = checkEnv();
const account = newAccount('layout');

test.beforeAll(async () => {
  await registerOverHttp(backendUrl, account);
});

test('when signed out, then the header names the app and offers Sign in', async ({ page }) => {
  await page.goto('/');
  const header = page.getByRole('banner');
  await expect(
    header.getByRole('link', { name: 'Sign-in workshop' }),
    'src/components/site-header.tsx should link the app name to /, on every page (src/pages/_app.tsx)',
  ).toHaveAttribute('href', '/');
  await expect(header.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  await expect(header.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});

test('when a signed-out visit to /profile lands on /login, then it says to sign in to see that page', async ({
  page,
}) => {
  await page.goto('/profile');
  await expectPath(page, '/login', 'A signed-out visit to /profile should end on /login');
  await expect(
    page.getByRole('main').getByRole('status'),
    'With a callbackUrl, src/pages/login.tsx should say why the visitor is there',
  ).toHaveText('Sign in to see that page.');
});

test('when signed in, then the header shows who it is, and Sign out there ends on /login saying so', async ({
  page,
}) => {
  await signInThroughThePage(page, account, '?callbackUrl=%2Fprofile');
  await expectPath(page, '/profile', 'Signing in should honour the callbackUrl');
  const header = page.getByRole('banner');
  await expect(
    header.getByRole('link', { name: account.name }),
    'The header should name the signed-in user, linking to /profile',
  ).toHaveAttribute('href', '/profile');

  await header.getByRole('button', { name: 'Sign out' }).click();
  await expectPath(page, '/login', 'Signing out should land on /login');
  await expect(
    page.getByRole('main').getByRole('status'),
    'signOut({ callbackUrl: "/login?signedOut=1" }) and the notice in src/pages/login.tsx',
  ).toHaveText('You are signed out.');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('when a sign-in fails, then the focus moves to the message', async ({ page }) => {
  await signInThroughThePage(page, { email: account.email, password: 'not-the-password' });
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toHaveText('Invalid email or password');
  await expect(
    alert,
    'src/components/error-summary.tsx should focus the message, since the disabled button lost it',
  ).toBeFocused();
});

test('when an address has no page, then the 404 page is the site’s own, with the header', async ({
  page,
}) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status(), 'An unknown address should answer 404').toBe(404);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Page not found' }),
    'src/pages/404.tsx should replace the default 404 page',
  ).toBeVisible();
  await expect(
    page.getByRole('main').getByRole('link', { name: 'Go to the home page' }),
  ).toBeVisible();
  await expect(
    page.getByRole('banner').getByRole('link', { name: 'Sign-in workshop' }),
  ).toBeVisible();
});

test('when NextAuth reports an error, then its page is the site’s own', async ({ page }) => {
  await page.goto('/api/auth/error?error=Configuration');
  await expectPath(
    page,
    '/auth/error',
    "pages.error in src/lib/auth-options.ts should be '/auth/error'",
  );
  await expect(page.getByRole('heading', { level: 1, name: 'Sign-in problem' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('not set up correctly');
  await page.goto('/auth/error?error=constructor');
  await expect(
    page.getByRole('main').getByRole('alert'),
    'A code the page does not know gets the general message',
  ).toHaveText('Signing in did not work. Try again.');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  for (const path of ['/', '/login']) {
    test(`when ${path} is opened, then the card keeps a margin and nothing scrolls sideways`, async ({
      page,
    }) => {
      await page.goto(path);
      const card = await page.getByRole('main').boundingBox();
      expect(card, 'the page has a <main>').not.toBeNull();
      expect(
        card!.x,
        'The card should not touch the screen edge (the @media rule for .page in globals.css)',
      ).toBeGreaterThanOrEqual(8);
      expect(390 - (card!.x + card!.width)).toBeGreaterThanOrEqual(8);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, 'Nothing should be wider than the screen').toBeLessThanOrEqual(390);
    });
  }
});
