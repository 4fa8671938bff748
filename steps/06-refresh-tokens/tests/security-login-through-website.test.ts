// Attack run, finding 1: sign-ins through the website reach the backend from the Next.js
// server. Unless that server passes each browser's address on, every website user shares its
// one per-address bucket, and a burst of wrong passwords from anyone locks everyone out, even
// with the right password. Runs against the run's frontend and backend (tests/env.json:
// LOGIN_MAX_FAILURES_PER_IP 10, TRUST_PROXY loopback). The check plays a proxy in front of
// the frontend that names the client in X-Forwarded-For. (ASVS V2.2.1, V11.1.4)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { describe, expect, test } from 'vitest';
import { newAccount, registerOverHttp } from './support/accounts.ts';
import { env } from './support/backend.ts';
import { importFrontendModule } from './support/frontend-module.ts';
import { signInOverHttp } from './support/nextauth-http.ts';
import { settings, sleep } from './support/settings.ts';

const perAddress = settings.loginMaxFailuresPerIp;
const from = (address: string) => ({ 'x-forwarded-for': address });

describe('when one visitor sends a burst of wrong passwords through the website while another signs in', () => {
  test('then only the guesser is locked: the other visitor signs in with the right password', async () => {
    expect(
      perAddress,
      'tests/env.json should set a small LOGIN_MAX_FAILURES_PER_IP for the backend',
    ).toBeLessThanOrEqual(20);
    const user = newAccount('website-user');
    await registerOverHttp(env.backendUrl, user);

    // One more guess than the per-address limit, each for another email, all at once: every
    // guess is counted before bcrypt runs, so the last one is refused while the rest are checked.
    const guesses = Array.from({ length: perAddress + 1 }, (_, index) =>
      signInOverHttp(
        env.frontendUrl,
        `nobody-${index}-${Date.now()}@example.com`,
        'guess-123',
        from('203.0.113.50'),
      ),
    );
    await sleep(400); // the guesses are in, and bcrypt is busy with them
    const signIn = await signInOverHttp(
      env.frontendUrl,
      user.email,
      user.password,
      from('203.0.113.51'),
    );
    const errors = (await Promise.all(guesses)).map((answer) => answer.error);

    expect(
      signIn.error,
      "The right password from another visitor was refused: the backend counted the guesses against the Next.js server's address. " +
        "Pass the browser's address on (src/pages/api/auth/[...nextauth].ts, src/lib/backend-login.server.ts) and set TRUST_PROXY for the backend",
    ).toBeNull();
    expect(
      errors.filter((error) => error?.startsWith('LoginThrottled')).length,
      `The guesser's own address should be locked past LOGIN_MAX_FAILURES_PER_IP (${perAddress}); errors: ${errors.join(', ')}`,
    ).toBe(1);
    expect(
      errors.filter((error) => error === 'CredentialsSignin').length,
      `The other guesses are wrong passwords; errors: ${errors.join(', ')}`,
    ).toBe(perAddress);
  });
});

describe('when a browser writes an X-Forwarded-For of its own', () => {
  test('then the frontend passes it on with the address it really saw last, where the backend starts reading', async () => {
    const { forwardedFor } = await importFrontendModule<{ forwardedFor: (req: unknown) => string }>(
      'src/lib/forwarded-for.server.ts',
    );
    const request = (header: string | undefined) => ({
      headers: header === undefined ? {} : { 'x-forwarded-for': header },
      socket: { remoteAddress: '192.0.2.4' },
    });

    expect(
      forwardedFor(request(undefined)),
      "Without a header, the browser's own address is the list",
    ).toBe('192.0.2.4');
    expect(
      forwardedFor(request('198.51.100.9')),
      'A claimed address must stay in front of the real one (appended, not replaced): the backend trusts an entry only after a proxy it trusts',
    ).toBe('198.51.100.9, 192.0.2.4');
    expect(
      forwardedFor(request('198.51.100.9,10.0.0.1')),
      "A list of proxies is kept, the socket's address last",
    ).toBe('198.51.100.9, 10.0.0.1, 192.0.2.4');
  });
});
