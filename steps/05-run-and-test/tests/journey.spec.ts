// The whole journey in a real Chromium, against the real backend: register, sign in, see
// the profile. This is the guide's manual "test the application" step, automated.
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { newAccount, registerOverHttp, type Account } from './support/accounts.ts';
import { expectPath, signInThroughThePage } from './support/browser.ts';
import { saveScreenshot } from './support/screenshots.ts';

const { backendUrl } = checkEnv();

test.use({ viewport: { width: 900, height: 640 } });

async function fillRegisterForm(page: Page, account: Account): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Name').fill(account.name);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
}

test('when a visitor registers on /register and signs in, then /profile shows them', async ({
  page,
}) => {
  // A readable account, since it appears in the chapters' screenshots; the suffix keeps it unique.
  const account = {
    ...newAccount('journey'),
    name: 'Ada Lovelace',
    email: `ada-${randomBytes(2).toString('hex')}@example.com`,
  };
  await fillRegisterForm(page, account);
  await saveScreenshot(page, 'register.png');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expectPath(page, '/login', 'After registering, the user should be sent to /login');
  await expect(
    page.getByRole('main').getByRole('status'),
    '/login should confirm that the account was created',
  ).toContainText('Your account is ready');
  await saveScreenshot(page, 'login.png');

  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectPath(page, '/', 'Signing in should lead to the home page');

  await page.getByRole('link', { name: 'Your profile' }).click();
  await expectPath(page, '/profile', 'The home page should link to /profile');
  await expect(
    page.getByTestId('profile-name'),
    '/profile should show the name given on /register',
  ).toHaveText(account.name);
  await expect(
    page.getByTestId('profile-email'),
    '/profile should show the email given on /register',
  ).toHaveText(account.email);
  await saveScreenshot(page, 'profile.png');
});

test('when a user registered over HTTP, as the guide does with Postman, then /register refuses the email and /login opens /profile', async ({
  page,
}) => {
  const account = newAccount('postman');
  await registerOverHttp(backendUrl, account);

  // The page and the HTTP request reach the same API: the email is taken for both.
  await fillRegisterForm(page, { ...account, name: 'Someone Else' });
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(
    page.getByRole('main').getByRole('alert'),
    'A 409 from the backend should read as a taken email',
  ).toHaveText('An account with this email already exists.');
  await expectPath(page, '/register', 'A failed registration should stay on /register');

  // The rest of the guide's manual test: sign in in the browser, then open /profile.
  await signInThroughThePage(page, account);
  await expectPath(page, '/', 'Signing in should lead to the home page');
  await page.goto('/profile');
  await expect(
    page.getByTestId('profile-email'),
    '/profile should show the user who signed in',
  ).toHaveText(account.email);
});

test("when the password is too short, then the backend's message shows under the password field", async ({
  page,
}) => {
  const account = { ...newAccount('short'), password: 'short' };
  // What the backend says about this password, asked directly: the page should show exactly that.
  const answer = await fetch(`${backendUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  const { errors } = (await answer.json()) as { errors?: { password?: string[] } };
  expect(answer.status, 'The backend should refuse a short password with 400').toBe(400);
  const backendMessage = errors?.password?.[0] ?? 'errors.password is missing from the 400 answer';

  await fillRegisterForm(page, account);
  await page.getByRole('button', { name: 'Create account' }).click();

  const password = page.getByLabel('Password');
  await expect(password, 'The field with an error should be marked aria-invalid').toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(
    page.locator('#password-error'),
    "The 400 answer's errors.password should show under the field",
  ).toContainText(backendMessage);
  await expect(page.locator('#name-error'), 'Fields without an error should show none').toHaveCount(
    0,
  );
  await expectPath(page, '/register', 'A failed registration should stay on /register');
});
