// /register as a person meets it in a real Chromium: what an empty or wrong field says, where
// the focus goes, messages that leave once the field is fixed, and axe-core at two sizes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { newAccount } from './support/accounts.ts';
import { expectPath } from './support/browser.ts';

test('when the form is sent empty, then each field says what to enter and the focus is on the summary', async ({
  page,
}) => {
  await page.goto('/register');
  await page.getByRole('button', { name: 'Create account' }).click();

  const summary = page.getByRole('main').getByRole('alert');
  await expect(summary).toHaveText('Fill in the empty fields.');
  await expect(
    summary,
    'src/components/error-summary.tsx should take the focus after a failed submit',
  ).toBeFocused();
  await expect(
    page.locator('#email-error'),
    'An empty email should say what to do, not that it is invalid (src/pages/register.tsx)',
  ).toHaveText('Enter your email address');
  await expect(page.locator('#name-error')).toHaveText('Enter your name');
  await expect(page.locator('#password-error')).toHaveText('Choose a password');
  await expectPath(page, '/register', 'An empty form should stay on /register');
});

test('when a field with an error is edited, then its message goes and the others stay', async ({
  page,
}) => {
  await page.goto('/register');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#email-error')).toBeVisible();

  await page.getByLabel('Email').fill('a');
  await expect(
    page.locator('#email-error'),
    'The old message should go as soon as the field is being fixed',
  ).toHaveCount(0);
  await expect(page.getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#name-error'), 'Fields not touched keep theirs').toHaveText(
    'Enter your name',
  );
});

test('when the password is too short, then its error replaces the hint instead of repeating it', async ({
  page,
}) => {
  const account = newAccount('short');
  await page.goto('/register');
  await expect(page.locator('#password-hint')).toHaveText('At least 8 characters.');
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.locator('#password-error')).toContainText('at least 8 characters');
  await expect(
    page.locator('#password-hint'),
    'The hint and the error would say the same rule twice',
  ).toHaveCount(0);
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-describedby', 'password-error');
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`when /register is opened at ${viewport.width}x${viewport.height}, empty and after a failed submit, then axe finds nothing`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto('/register');
    await expect(page.getByRole('banner').getByRole('navigation')).not.toBeEmpty();
    const check = async () =>
      (
        await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
          .analyze()
      ).violations.map((violation) => `${violation.id}: ${violation.help}`);
    expect(await check(), 'axe-core on /register').toEqual([]);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
    expect(await check(), 'axe-core on /register with its error messages').toEqual([]);
  });
}
