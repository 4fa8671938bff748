// Every page of this step checked by axe-core (WCAG 2.1 A and AA rules) at a desktop and a
// phone size, signed out and signed in, and the sign-in done with the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { expectPath, signInThroughThePage } from './support/browser.ts';

const { backendUrl } = checkEnv();
const account = newAccount('a11y');
const signedOutPages = ['/', '/login', '/no-such-page', '/auth/error?error=Default'];
const signedInPages = ['/', '/profile'];
const sizes = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

test.beforeAll(async () => {
  await registerOverHttp(backendUrl, account);
});

/** axe-core's findings on the page as it is now, one line each: rule, what it says, where. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

/** Waits until the session is known, so axe sees the page as the user does. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole('banner').getByRole('navigation')).not.toBeEmpty();
}

for (const size of sizes) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: size.viewport });

    test('when signed out, then axe finds nothing on any page', async ({ page }) => {
      for (const path of signedOutPages) {
        await page.goto(path);
        await settled(page);
        expect(await violations(page), `axe-core on ${path}, signed out`).toEqual([]);
      }
    });

    test('when signed in, then axe finds nothing on any page', async ({ page }) => {
      await signInThroughThePage(page, account);
      await expectPath(page, '/', 'Signing in should lead to the home page');
      for (const path of signedInPages) {
        await page.goto(path);
        await settled(page);
        expect(await violations(page), `axe-core on ${path}, signed in`).toEqual([]);
      }
    });
  });
}

/** Presses Tab until the element has the focus; fails when it never gets it. */
async function tabTo(page: Page, name: string, target: ReturnType<Page['locator']>) {
  for (let presses = 0; presses < 15; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reaches ${name}: is it a real link, button or field?`);
}

test('when a user has only a keyboard, then they sign in, open the profile and sign out', async ({
  page,
}) => {
  await page.goto('/login');
  await settled(page);
  await tabTo(page, 'the Email field', page.getByLabel('Email'));
  await page.keyboard.type(account.email);
  await tabTo(page, 'the Password field', page.getByLabel('Password'));
  await page.keyboard.type(account.password);
  await page.keyboard.press('Enter');
  await expectPath(page, '/', 'Enter in the form should sign in and lead to the home page');

  await settled(page);
  await tabTo(page, 'the link to the profile', page.getByRole('link', { name: account.name }));
  await page.keyboard.press('Enter');
  await expectPath(page, '/profile', 'Enter on the header link should open /profile');
  await expect(page.getByTestId('profile-email')).toHaveText(account.email);

  await tabTo(page, 'Sign out', page.getByRole('button', { name: 'Sign out' }));
  await page.keyboard.press('Enter');
  await expectPath(page, '/login', 'Enter on Sign out should end on /login');
  await expect(page.getByRole('main').getByRole('status')).toHaveText('You are signed out.');
});
