// The finished flow in a real Chromium: the access token expires after 5 s (tests/env.json),
// and the app renews it on the Next.js server without asking the user to sign in again.
import { expect, test, type Page, type Request } from '@playwright/test';
import { loadApiClient } from './support/api-client.ts';
import { env, REFRESH_COOKIE } from './support/backend.ts';
import { newAccount, registerOverHttp, type Account } from './support/accounts.ts';
import { expectPath, signInThroughThePage } from './support/browser.ts';
import { openRefreshTokens } from './support/database.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { decodeSessionCookie, SESSION_COOKIE } from './support/session-cookie.ts';
import { settings, sleep } from './support/settings.ts';

let db: Awaited<ReturnType<typeof openRefreshTokens>>;

test.beforeAll(async () => {
  db = await openRefreshTokens();
});

test.afterAll(async () => {
  await db?.close();
});

/** A new account, signed in through /login; returns it with its backend user id. */
async function signIn(page: Page, label: string): Promise<Account & { userId: string }> {
  const account = newAccount(label);
  await registerOverHttp(env.backendUrl, account);
  await signInThroughThePage(page, account);
  await expectPath(page, '/', 'Signing in should lead to the home page');
  const userId = await page.evaluate(
    async () => (await (await fetch('/api/auth/session')).json()).user?.id as string,
  );
  return { ...account, userId };
}

/** Counts the requests the page makes to a path of the frontend (e.g. /api/auth/session). */
function countRequests(page: Page, pathname: string) {
  const seen: Request[] = [];
  const listener = (request: Request) => {
    if (new URL(request.url()).pathname === pathname) seen.push(request);
  };
  page.on('request', listener);
  return {
    get count() {
      return seen.length;
    },
    stop: () => page.off('request', listener),
  };
}

const waitForAccessTokenToExpire = () => sleep(settings.accessTokenTtlMs + 1_000);

/** The app's own client (src/utils/api.ts) in the open page, holding the session: support/api-client.ts. */
const loadClient = (page: Page) => loadApiClient(page, env.frontendDir);

test('when the access token has expired, then /profile still loads its data from the API, after exactly one refresh', async ({
  page,
}) => {
  const account = await signIn(page, 'expired-access');
  await waitForAccessTokenToExpire();

  await page.goto('/profile');

  await expect(
    page.getByTestId('api-profile-email'),
    '/profile should load the account with api.get("/user/profile") and show its email',
  ).toHaveText(account.email);
  await expectPath(
    page,
    '/profile',
    'An expired access token must not send the user back to /login',
  );
  expect(
    await db.rotationsOf(account.userId),
    'The backend should have seen exactly one refresh (one rotated refresh token)',
  ).toBe(1);
  // The finished app, for the README: the page as the refreshed session shows it.
  await saveScreenshot(page, 'finished-profile.png');
});

test('when 20 API calls go out at once with an expired access token, then one refresh serves them all and all 20 succeed', async ({
  page,
}) => {
  const account = await signIn(page, 'parallel');
  await page.goto('/profile');
  await expect(
    page.getByTestId('api-profile-email'),
    '/profile should load its data first',
  ).toHaveText(account.email);
  await loadClient(page);
  await waitForAccessTokenToExpire();
  const before = await db.rotationsOf(account.userId);
  const sessionRequests = countRequests(page, '/api/auth/session');

  const statuses = await page.evaluate(async () => {
    const api = window.__apiClientUnderTest!.default;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => api.get('/user/profile')),
    );
    return results.map((result) =>
      result.status === 'fulfilled' ? result.value.status : String(result.reason),
    );
  });
  sessionRequests.stop();

  expect(statuses, 'All 20 calls should succeed after one refresh and one retry each').toEqual(
    Array(20).fill(200),
  );
  expect(
    sessionRequests.count,
    'The 20 parallel 401s should share ONE request to /api/auth/session (one in-flight promise in src/utils/api.ts)',
  ).toBe(1);
  expect(
    (await db.rotationsOf(account.userId)) - before,
    'The backend should have rotated the refresh token exactly once',
  ).toBe(1);
});

test('when the refresh token has expired, then the user is signed out to /login with "Your session has expired"', async ({
  page,
}) => {
  const account = await signIn(page, 'expired-refresh');
  // The sign-in ended a minute ago (moved in the database), and the access token runs out too.
  await db.expireAllOf(account.userId);
  await waitForAccessTokenToExpire();

  await page.goto('/profile');

  await expectPath(page, '/login', 'A session that cannot be refreshed should end on /login');
  await expect(
    page.getByRole('main').getByRole('status'),
    '/login?error=SessionExpired should explain why',
  ).toHaveText('Your session has expired. Please sign in again.');
  // Asked with the browser's cookies but outside the page: signing out may still navigate it.
  await expect
    .poll(async () => (await page.request.get('/api/auth/session')).json(), {
      message: 'The user should really be signed out: /api/auth/session answers {}',
    })
    .toEqual({});
});

test('when the sign-in is revoked while /profile is open, then the next API call signs the user out', async ({
  page,
}) => {
  const account = await signIn(page, 'revoked');
  await page.goto('/profile');
  await expect(page.getByTestId('api-profile-email')).toHaveText(account.email);
  await loadClient(page);
  await db.revokeAllOf(account.userId);
  await waitForAccessTokenToExpire();

  // Not awaited inside the page: the sign-out it leads to navigates away from this page.
  await page.evaluate(() => {
    void window.__apiClientUnderTest!.default.get('/user/profile').catch(() => undefined);
  });

  await expectPath(
    page,
    '/login',
    'The response interceptor should sign out when the refresh fails',
  );
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'Your session has expired. Please sign in again.',
  );
});

test('when the user signs out, then the backend revokes the sign-in too', async ({ page }) => {
  const account = await signIn(page, 'sign-out');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(
    page.getByText('You are signed out.'),
    'After signing out, /login should say so',
  ).toBeVisible();

  await expect
    .poll(
      async () => {
        const rows = await db.ofUser(account.userId);
        return rows.length > 0 && rows.every((row) => row.revokedAt instanceof Date);
      },
      {
        message:
          'events.signOut should call POST /api/auth/logout with the refresh token: its family should be revoked',
      },
    )
    .toBe(true);
});

test.describe('the refresh token never reaches the browser', () => {
  test('when signed in and refreshed, then neither cookies, nor the session JSON, nor storage hold it', async ({
    page,
    context,
  }) => {
    const account = await signIn(page, 'no-leak');
    await waitForAccessTokenToExpire();
    await page.goto('/profile');
    await expect(page.getByTestId('api-profile-email')).toHaveText(account.email);

    const cookies = await context.cookies();
    const sessionCookie = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    expect(sessionCookie, 'NextAuth should have set its session cookie').toBeDefined();
    expect(sessionCookie!.httpOnly, 'The session cookie is httpOnly').toBe(true);
    const refreshToken = (await decodeSessionCookie(sessionCookie!.value))?.refreshToken;
    expect(
      refreshToken,
      'The refresh token should be kept inside the encrypted session cookie (token.refreshToken)',
    ).toEqual(expect.any(String));

    expect(
      cookies.map((cookie) => cookie.name),
      `The browser must hold no "${REFRESH_COOKIE}" cookie, for any host`,
    ).not.toContain(REFRESH_COOKIE);
    const visible = await page.evaluate(async () => ({
      documentCookie: document.cookie,
      session: await (await fetch('/api/auth/session')).text(),
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    }));
    expect(visible.documentCookie, 'document.cookie must not show the refresh token').not.toContain(
      refreshToken,
    );
    expect(
      visible.session,
      'The session JSON must not carry the refresh token (leave it out in the session callback)',
    ).not.toContain(refreshToken);
    expect(
      JSON.parse(visible.session),
      'The session JSON should have no refreshToken field',
    ).not.toHaveProperty('refreshToken');
    expect(
      visible.storage,
      'localStorage and sessionStorage must not hold the refresh token',
    ).not.toContain(refreshToken);
  });

  test("when signed in, then the session cookie lasts no longer than the refresh token (REFRESH_TOKEN_TTL), not NextAuth's 30 days", async ({
    page,
    context,
  }) => {
    await signIn(page, 'cookie-age');

    const sessionCookie = (await context.cookies()).find(
      (cookie) => cookie.name === SESSION_COOKIE,
    );
    const secondsLeft = (sessionCookie?.expires ?? 0) - Date.now() / 1000;

    expect(
      secondsLeft,
      'session.maxAge should be REFRESH_TOKEN_TTL (1h in the checks)',
    ).toBeLessThanOrEqual(settings.refreshTokenTtlMs / 1000 + 60);
    expect(
      secondsLeft,
      'The session cookie should still last about REFRESH_TOKEN_TTL',
    ).toBeGreaterThan(settings.refreshTokenTtlMs / 1000 - 300);
  });
});
