// docs/openapi.json is what the newest step's backend describes (src/docs/api-description.ts):
// the clients that read the file (schemathesis, Postman, code generators) see the API there is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiFile, openApiText } from '../lib/openapi.ts';
import { repoRoot } from '../lib/paths.ts';
import { newestStep } from '../lib/steps.ts';

describe(openApiFile, () => {
  it('when the newest step describes its API, then the committed file is that description, byte for byte', async () => {
    const made = await openApiText(newestStep());
    const committed = readFileSync(join(repoRoot, openApiFile), 'utf8');
    expect(
      committed === made,
      `${openApiFile} is stale: run \`npm run openapi\` and commit it`,
    ).toBe(true);
  });

  it('when it is read, then it is OpenAPI 3.1 with every route of the finished API', async () => {
    const description = JSON.parse(await openApiText(newestStep())) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(description.openapi).toBe('3.1.0');
    expect(
      Object.entries(description.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    ).toEqual([
      'GET /api/health',
      'POST /api/auth/register',
      'POST /api/auth/login',
      'POST /api/auth/refresh-token',
      'POST /api/auth/logout',
      'GET /api/admin/users',
      'PATCH /api/admin/users/{id}/role',
      'GET /api/user/profile',
    ]);
  });
});
