// Step 1 check in a real browser: the home page of the new app renders.
import { expect, test } from '@playwright/test';

test('when a visitor opens /, then the page answers 200 and shows the workshop heading', async ({
  page,
}) => {
  const response = await page.goto('/');
  expect(
    response?.status(),
    'GET / should answer 200; look at the frontend log for the error',
  ).toBe(200);
  await expect(
    page.getByRole('heading', { level: 1, name: /sign-in workshop/i }),
    'The home page (src/pages/index.tsx) should show an <h1> with "sign-in workshop" in it',
  ).toBeVisible();
});
