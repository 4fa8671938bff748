// The headers of the login page: no other site may show it in a frame (clickjacking), and a
// Content-Security-Policy says where scripts, styles and form posts may come from and go to.
import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';

const { frontendUrl } = checkEnv();
const fix =
  'Return it from headers() in frontend/next.config.mjs for every path (source: "/:path*")';

/** The policy as a map of directive -> its sources. */
function parsePolicy(header: string): Map<string, string[]> {
  const directives = header
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0]);
  return new Map(directives.map(([name = '', ...sources]) => [name.toLowerCase(), sources]));
}

describe('GET /login', () => {
  it('when any site asks, then the answer forbids framing and carries a Content-Security-Policy', async () => {
    const response = await fetch(`${frontendUrl}/login`);
    const policy = parsePolicy(response.headers.get('content-security-policy') ?? '');

    expect(
      response.headers.get('x-frame-options'),
      `X-Frame-Options: DENY keeps the login page out of other sites' frames. ${fix}`,
    ).toBe('DENY');
    expect(
      policy.get('frame-ancestors'),
      `The Content-Security-Policy needs frame-ancestors 'none'. ${fix}`,
    ).toEqual(["'none'"]);
    expect(
      policy.get('default-src'),
      `The Content-Security-Policy needs default-src 'self'. ${fix}`,
    ).toEqual(["'self'"]);
    expect(policy.get('object-src'), "object-src 'none': no plugins").toEqual(["'none'"]);
    expect(
      policy.get('base-uri'),
      "base-uri 'self': an injected <base> cannot redirect relative URLs",
    ).toEqual(["'self'"]);
    expect(
      policy.get('form-action'),
      "form-action 'self': an injected form cannot post the password elsewhere",
    ).toEqual(["'self'"]);
    expect(
      policy.get('script-src') ?? [],
      "The built app needs no 'unsafe-eval' (only `next dev` does: add it for the development phase only)",
    ).not.toContain("'unsafe-eval'");
  });
});
