// Steps the browser checks share: filling in /login the way a person would.
import { expect, type Page } from '@playwright/test';
import type { Account } from './accounts.ts';

/** Opens /login (with an optional query) and submits the account's email and password. */
export async function signInThroughThePage(
  page: Page,
  account: Pick<Account, 'email' | 'password'>,
  query = '',
): Promise<void> {
  await page.goto(`/login${query}`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits until the browser shows `pathname` (ignoring the query string). */
export async function expectPath(page: Page, pathname: string, message: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname, { message }).toBe(pathname);
}
