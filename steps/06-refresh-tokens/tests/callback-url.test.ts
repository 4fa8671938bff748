// Unit checks of the rule that decides where /login sends someone after signing in.
import { beforeAll, describe, expect, it } from 'vitest';
import { importFrontendModule } from './support/frontend-module.ts';

let safeCallbackUrl: (value: unknown) => string;

beforeAll(async () => {
  ({ safeCallbackUrl } = await importFrontendModule<{ safeCallbackUrl: typeof safeCallbackUrl }>(
    'src/lib/safe-callback-url.ts',
  ));
});

describe('safeCallbackUrl', () => {
  it.each(['/', '/profile', '/profile?tab=security#email', '/a/b/c'])(
    'when the callbackUrl is the path %j on this site, then it is kept',
    (value) => {
      expect(
        safeCallbackUrl(value),
        `${JSON.stringify(value)} is a path on this site; sign-in should return there`,
      ).toBe(value);
    },
  );

  it.each([
    ['an absolute URL', 'https://evil.example'],
    ['an absolute URL of this very site', 'http://127.0.0.1:3000/profile'],
    ['a protocol-relative URL', '//evil.example'],
    ['a backslash URL that browsers read as another host', '/\\evil.example'],
    ['a path hiding "//" behind a tab', '/\t/evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a path without the leading slash', 'profile'],
    ['an empty string', ''],
  ])('when the callbackUrl is %s (%j), then it becomes "/"', (_what, value) => {
    expect(
      safeCallbackUrl(value),
      `${JSON.stringify(value)} could send the user to another site; only relative paths starting with one "/" are safe`,
    ).toBe('/');
  });

  it('when there is no callbackUrl, then it is "/"', () => {
    expect(
      safeCallbackUrl(undefined),
      'A missing callbackUrl should fall back to the home page',
    ).toBe('/');
  });

  it('when the callbackUrl appears twice in the query (an array), then it is "/"', () => {
    expect(
      safeCallbackUrl(['/profile', '//evil.example']),
      'router.query values can be arrays; treat them as unsafe',
    ).toBe('/');
  });
});
