// In development the backend describes itself: /api/docs/openapi.json is the description made
// from its zod schemas (src/docs/api-description.ts), /api/docs a page to read and try it.
// Neither exists with NODE_ENV=test or production.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { descriptionFile } from './support/api-description.ts';

const env = checkEnv();
let backend: Service | undefined;

test.beforeAll(async () => {
  expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe('');
  backend = await startBackend({
    dir: env.backendDir,
    name: 'api-docs-development',
    env: {
      MONGODB_URI: env.mongodbUri,
      JWT_SECRET: env.jwtSecret,
      JWT_REFRESH_SECRET: env.jwtRefreshSecret,
      CORS_ORIGIN: 'http://127.0.0.1:3000',
      BCRYPT_COST: String(env.bcryptCost),
      NODE_ENV: 'development',
    },
  });
});
test.afterAll(async () => {
  await backend?.stop();
});

test('when the backend runs in development, then /api/docs/openapi.json is the description in docs/openapi.json, and with NODE_ENV=test (as in these checks) there is no /api/docs', async ({
  request,
}) => {
  const answer = await request.get(`${backend!.url}/api/docs/openapi.json`);
  expect(
    answer.status(),
    'Mount the docs in development: app.use("/api/docs", docsRoutes()) in src/app.ts (src/routes/docs.routes.ts)',
  ).toBe(200);
  expect(
    await answer.json(),
    'The backend describes another API than docs/openapi.json: compare src/docs/api-description.ts with the chapter',
  ).toEqual(JSON.parse(readFileSync(descriptionFile, 'utf8')));
  for (const path of ['/api/docs/', '/api/docs/openapi.json']) {
    const outside = await request.get(`${env.backendUrl}${path}`);
    expect(outside.status(), `${path} outside development: only if NODE_ENV is development`).toBe(
      404,
    );
  }
});

test('when /api/docs is opened in the browser, then the page lists every route, and nothing is blocked', async ({
  page,
}) => {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') refused.push(message.text());
  });
  await page.goto(`${backend!.url}/api/docs/`);
  await expect(page.getByRole('heading', { name: /Workshop API/ })).toBeVisible();
  for (const path of [
    '/api/health',
    '/api/auth/register',
    '/api/auth/login',
    '/api/auth/refresh-token',
    '/api/auth/logout',
    '/api/user/profile',
    '/api/admin/users',
    '/api/admin/users/{id}/role',
  ]) {
    await expect(
      page.getByText(path, { exact: true }).first(),
      `${path} on the page`,
    ).toBeVisible();
  }
  expect(
    refused,
    'errors in the console (a Content-Security-Policy refusal, a missing file)',
  ).toEqual([]);
});
