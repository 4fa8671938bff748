// /admin in a real Chromium: signed out it is /login, for a user it is a 403 page whose HTML
// holds nobody's data, and for an admin it lists the users and changes their roles.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { makeAdmin } from './support/admin.ts';
import { env } from './support/backend.ts';
import { expectPath, signInThroughThePage } from './support/browser.ts';
import { openUsersCollection } from './support/helpers.ts';

const admin = newAccount('page-admin');
const member = newAccount('page-member');

test.beforeAll(async () => {
  await registerOverHttp(env.backendUrl, admin);
  await registerOverHttp(env.backendUrl, member);
  const made = makeAdmin(admin.email);
  expect(made.status, `npm run make-admin -- ${admin.email}:\n${made.output}`).toBe(0);
});

async function signIn(page: Page, account: typeof admin) {
  await signInThroughThePage(page, account);
  await expectPath(page, '/', 'Signing in should lead to the home page');
}

/** The row of one user in the table on /admin, turning the pages until it is there. */
async function rowOf(page: Page, email: string) {
  const row = page.getByTestId(`user-${email}`);
  const caption = page.getByRole('table').locator('caption');
  for (let number = 1; ; number += 1) {
    await expect(caption, 'the list shows this page').toContainText(`page ${number} of`);
    if ((await row.count()) > 0) return row;
    const next = page.getByRole('button', { name: 'Next page' });
    expect(await next.isEnabled(), `${email} is on no page of /admin`).toBe(true);
    await next.click();
  }
}

test('when signed out, then /admin lands on /login with a callbackUrl', async ({ page }) => {
  await page.goto('/admin');
  await expectPath(page, '/login', 'The middleware should send signed-out requests to /login');
  expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe('/admin');
});

test("when a user who is not an admin opens /admin, then it answers 403 and the HTML holds nobody's data", async ({
  page,
}) => {
  await signIn(page, member);
  await expect(
    page.getByRole('banner').getByRole('link', { name: 'Admin', exact: true }),
  ).toHaveCount(0);
  const listCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/backend/admin')) listCalls.push(request.url());
  });

  const response = await page.goto('/admin');
  expect(response?.status(), 'getServerSideProps should answer 403, not redirect').toBe(403);
  await expectPath(page, '/admin', 'A signed-in user must not be sent to /login (a loop)');
  await expect(page.getByRole('heading', { level: 1, name: 'No access' })).toBeVisible();
  const html = (await response?.text()) ?? '';
  expect(html, 'no other user in the HTML').not.toContain(admin.email);
  expect(listCalls, 'the 403 page asks the API for nothing').toEqual([]);
});

test('when an admin opens /admin, then it lists the users, and a role changes with a click', async ({
  page,
}) => {
  await signIn(page, admin);
  const link = page.getByRole('banner').getByRole('link', { name: 'Admin', exact: true });
  await expect(link, 'The header shows the admin link to admins').toBeVisible();
  await link.click();
  await expectPath(page, '/admin', 'The admin link should open /admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Users and roles' })).toBeVisible();

  const row = await rowOf(page, member.email);
  await expect(row.getByRole('cell').nth(2)).toHaveText('user');
  await row.getByRole('button', { name: `Make admin: ${member.email}` }).click();
  await expect(row.getByRole('cell').nth(2), 'the list loads again with the new role').toHaveText(
    'admin',
  );
  await row.getByRole('button', { name: `Make user: ${member.email}` }).click();
  await expect(row.getByRole('cell').nth(2)).toHaveText('user');

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    results.violations.map((violation) => `${violation.id}: ${violation.help}`),
    'axe-core on /admin',
  ).toEqual([]);
});

test('when the only admin tries to make themselves a user, then the page shows why not', async ({
  page,
}) => {
  // This check's admin is made the only one, whatever else the database holds.
  const database = await openUsersCollection();
  try {
    await database.users.updateMany(
      { role: 'admin', email: { $ne: admin.email } },
      { $set: { role: 'user' } },
    );
  } finally {
    await database.close();
  }
  await signIn(page, admin);
  await page.goto('/admin');
  const row = await rowOf(page, admin.email);
  await row.getByRole('button', { name: `Make user: ${admin.email}` }).click();

  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toHaveText('At least one admin must remain: make another user admin first');
  await expect(alert, 'the message takes the focus (ErrorSummary)').toBeFocused();
  await expect(row.getByRole('cell').nth(2), 'and the role stays').toHaveText('admin');
});
