// The login page in a real browser: another site cannot show it in a frame (clickjacking),
// and the Content-Security-Policy of frontend/next.config.mjs blocks nothing the app itself
// needs, from the login form to the profile that the browser loads from the API.
// (ASVS V14.4.3 CSP, V14.4.7 framing)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { expect, test, type Page } from '@playwright/test';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { expectPath, signInThroughThePage } from './support/browser.ts';

const { backendUrl, frontendUrl } = checkEnv();

/** Every report of something the policy blocked, as Chromium prints it to the console. */
function collectViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test('when another site puts /login in a frame, then the browser refuses to show it', async ({
  page,
}) => {
  const refusals: string[] = [];
  page.on('console', (message) => {
    if (/frame-ancestors|X-Frame-Options/i.test(message.text())) refusals.push(message.text());
  });
  // A page that is not of this site, as an attacker's would be (the API's pages would not do:
  // helmet's own policy keeps them from framing anything).
  await page.setContent(`<iframe src="${frontendUrl}/login" title="framed login"></iframe>`, {
    waitUntil: 'load',
  });

  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  expect(frame, 'The iframe should exist').toBeDefined();
  await expect
    .poll(() => frame!.locator('input[type="password"]').count(), {
      message:
        "The login form must not appear inside another site's frame: send frame-ancestors 'none' and X-Frame-Options: DENY from headers() in frontend/next.config.mjs",
    })
    .toBe(0);
  await expect
    .poll(() => refusals.length, {
      message: 'Chromium should report that it refused to frame the page',
    })
    .toBeGreaterThan(0);
});

test('when a user registers, signs in and opens the profile, then the Content-Security-Policy blocks nothing', async ({
  page,
}) => {
  const violations = collectViolations(page);
  const account = newAccount('csp');
  await registerOverHttp(backendUrl, account);

  await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create an account' })).toBeVisible();
  await signInThroughThePage(page, account, '?callbackUrl=%2Fprofile');
  await expectPath(page, '/profile', 'Signing in should lead to /profile');
  // The email arrives from GET /api/user/profile, a call the browser makes through /api/backend.
  await expect(
    page.getByTestId('api-profile-email'),
    "The profile is loaded from the API through this site: connect-src 'self' must be enough",
  ).toHaveText(account.email);

  expect(
    violations,
    "The policy blocked something the app needs; the browser's messages say which directive to widen in frontend/next.config.mjs",
  ).toEqual([]);
});
