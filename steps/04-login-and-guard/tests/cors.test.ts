// The browser calls the API from the frontend's origin with credentials: the API must name
// that origin (not "*") and allow credentials, and must not do the same for other origins.
import { describe, expect, test } from 'vitest';
import { env } from './support/helpers.ts';

const preflight = (origin: string) =>
  fetch(`${env.backendUrl}/api/auth/login`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type',
    },
    signal: AbortSignal.timeout(10_000),
  });

// The runner sets CORS_ORIGIN to the frontend's URL; without a frontend there is no origin to test.
describe.skipIf(!env.frontendUrl)('when a browser asks whether it may call the API', () => {
  test("then the frontend's origin is allowed by name, with credentials", async () => {
    const response = await preflight(env.frontendUrl);
    expect(
      response.headers.get('access-control-allow-origin'),
      'The API should answer the frontend with its own origin (cors({ origin: [...] })), not "*"',
    ).toBe(env.frontendUrl);
    expect(
      response.headers.get('access-control-allow-credentials'),
      'Credentialed requests need cors({ credentials: true })',
    ).toBe('true');
  });

  test('then an origin not in CORS_ORIGIN gets no permission', async () => {
    const response = await preflight('https://evil.example');
    expect(
      response.headers.get('access-control-allow-origin'),
      'Only the origins listed in CORS_ORIGIN may be allowed',
    ).toBeNull();
  });
});
