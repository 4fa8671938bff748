// What the frontend's pages tell the browser: a Content-Security-Policy (scripts, styles and
// API calls only from where the app really loads them) and no framing by any site, so the
// login page cannot be laid under another site's buttons (clickjacking). The headers come
// from headers() in frontend/next.config.mjs. (ASVS V14.4.3 CSP, V14.4.7 framing)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { describe, expect, test } from 'vitest';
import { env } from './support/backend.ts';

const fix = 'Set it in headers() of frontend/next.config.mjs, for every path (source: "/:path*")';

/** The policy as a map of directive -> its sources. */
function parsePolicy(header: string): Map<string, string[]> {
  const directives = header
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0]);
  return new Map(directives.map(([name = '', ...sources]) => [name.toLowerCase(), sources]));
}

describe.each(['/login', '/register', '/'])('when the browser loads %s', (path) => {
  test('then the answer forbids framing, with frame-ancestors and X-Frame-Options', async () => {
    const response = await fetch(`${env.frontendUrl}${path}`, { redirect: 'manual' });
    const policy = parsePolicy(response.headers.get('content-security-policy') ?? '');

    expect(response.status, `${path} should answer with the page`).toBe(200);
    expect(
      policy.get('frame-ancestors'),
      `Content-Security-Policy needs frame-ancestors 'none'. ${fix}`,
    ).toEqual(["'none'"]);
    expect(
      response.headers.get('x-frame-options'),
      `X-Frame-Options: DENY protects in browsers without frame-ancestors. ${fix}`,
    ).toBe('DENY');
  });

  test('then its Content-Security-Policy allows this site, the API, and nothing else', async () => {
    const response = await fetch(`${env.frontendUrl}${path}`, { redirect: 'manual' });
    const header = response.headers.get('content-security-policy');
    expect(header, `The page has no Content-Security-Policy. ${fix}`).toBeTruthy();
    const policy = parsePolicy(header!);

    expect(
      policy.get('default-src'),
      "default-src 'self': whatever the policy does not name comes from this site only",
    ).toEqual(["'self'"]);
    expect(policy.get('object-src'), "object-src 'none': no plugins").toEqual(["'none'"]);
    expect(
      policy.get('base-uri'),
      "base-uri 'self': an injected <base> cannot send relative URLs elsewhere",
    ).toEqual(["'self'"]);
    expect(
      policy.get('form-action'),
      "form-action 'self': an injected form cannot post the password to another site",
    ).toEqual(["'self'"]);
    const scripts = policy.get('script-src') ?? policy.get('default-src') ?? [];
    expect(
      scripts,
      "The built app (next build + next start) needs neither 'unsafe-eval' nor 'unsafe-inline' for scripts; only `next dev` needs eval",
    ).not.toContain("'unsafe-eval'");
    expect(scripts, "'unsafe-inline' scripts would let injected markup run code").not.toContain(
      "'unsafe-inline'",
    );
    expect(
      scripts.filter((source) => source !== "'self'"),
      'Scripts come from this site only',
    ).toEqual([]);
    expect(
      policy.get('connect-src'),
      `The browser reaches the API through this site (/api/backend), so connect-src 'self' is all it needs; not the backend's origin (${new URL(env.backendUrl).origin}), and no wildcards`,
    ).toEqual(["'self'"]);
  });
});
