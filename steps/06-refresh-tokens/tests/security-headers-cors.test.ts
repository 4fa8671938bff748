// What every answer of the API carries (helmet's headers), whom it lets read its answers
// from a browser (CORS), and how the refresh cookie is set outside production.
// (ASVS V14.4 headers, V14.5 CORS, V3.4 cookie attributes)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { describe, expect, test } from 'vitest';
import { env, signedInUser } from './support/backend.ts';

const unlisted = 'https://evil.example';

describe('when the API answers, whatever the route', () => {
  test.each([
    ['GET /api/health', '/api/health'],
    ['GET of an unknown route (404)', '/api/no-such-route'],
  ])(
    'then %s carries the protective headers of helmet and no X-Powered-By',
    async (_what, path) => {
      const response = await fetch(`${env.backendUrl}${path}`);
      const header = (name: string) => response.headers.get(name);

      expect(
        header('x-content-type-options'),
        'Add helmet() in src/app.ts: X-Content-Type-Options: nosniff stops MIME sniffing',
      ).toBe('nosniff');
      expect(
        header('x-frame-options'),
        'helmet sets X-Frame-Options so the API cannot be framed',
      ).toBe('SAMEORIGIN');
      expect(header('content-security-policy'), 'helmet sets a Content-Security-Policy').toContain(
        "default-src 'self'",
      );
      expect(
        header('strict-transport-security'),
        'helmet sets Strict-Transport-Security (browsers honour it over HTTPS)',
      ).toMatch(/max-age=\d+/);
      expect(header('referrer-policy'), 'helmet sets Referrer-Policy: no-referrer').toBe(
        'no-referrer',
      );
      expect(
        header('x-powered-by'),
        'X-Powered-By: Express tells attackers what to try; helmet removes it',
      ).toBeNull();
      expect(header('content-type'), 'Every answer of the API, errors included, is JSON').toMatch(
        /^application\/json/,
      );
    },
  );
});

describe('when a browser page from an origin not in CORS_ORIGIN calls the API', () => {
  test('then the preflight and the answer carry no Access-Control-Allow-Origin, so the browser hides the answer', async () => {
    const preflight = await fetch(`${env.backendUrl}/api/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin: unlisted,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    const simple = await fetch(`${env.backendUrl}/api/health`, { headers: { origin: unlisted } });

    expect(
      preflight.headers.get('access-control-allow-origin'),
      'cors() must only allow the origins of CORS_ORIGIN, never "*" or the caller\'s origin echoed back',
    ).toBeNull();
    expect(
      simple.headers.get('access-control-allow-origin'),
      'A plain GET from an unlisted origin must not be readable either',
    ).toBeNull();
  });
});

describe('when a browser page from the frontend origin calls the API', () => {
  test('then the preflight allows that origin by name, with credentials', async () => {
    const origin = new URL(env.frontendUrl).origin;
    const preflight = await fetch(`${env.backendUrl}/api/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

    expect(preflight.status, 'The preflight of a listed origin should succeed (204)').toBeLessThan(
      300,
    );
    expect(
      preflight.headers.get('access-control-allow-origin'),
      'The frontend origin (CORS_ORIGIN) should be allowed by name',
    ).toBe(origin);
    expect(
      preflight.headers.get('access-control-allow-credentials'),
      'cors({ credentials: true }) lets the browser send cookies',
    ).toBe('true');
  });
});

describe('when login sets the refresh cookie outside production', () => {
  test('then it is HttpOnly, SameSite=Strict, limited to /api/auth and not Secure (so http://localhost works)', async () => {
    const { answer } = await signedInUser('cookie-flags');
    const attributes = answer.cookie!.attributes;

    expect(
      attributes,
      'HttpOnly keeps page scripts (and XSS) away from the refresh token',
    ).toHaveProperty('httponly');
    expect(
      attributes.samesite?.toLowerCase(),
      'SameSite=Strict: other sites cannot make the browser send it',
    ).toBe('strict');
    expect(attributes.path, 'Path=/api/auth: the cookie goes only to the routes that need it').toBe(
      '/api/auth',
    );
    expect(
      attributes,
      'With NODE_ENV=test the cookie is not Secure, or http://localhost would never get it back',
    ).not.toHaveProperty('secure');
  });
});
