// Unit checks of the messages /login shows: a wrong password, a locked sign-in and an outage
// must each read differently.
import { beforeAll, describe, expect, it } from 'vitest';
import { importFrontendModule } from './support/frontend-module.ts';

interface Messages {
  signInErrorMessage(error: string | null | undefined): string;
  INVALID_CREDENTIALS_MESSAGE: string;
  SERVICE_UNAVAILABLE_MESSAGE: string;
}
interface Codes {
  CREDENTIALS_SIGNIN: string;
  SERVICE_UNAVAILABLE: string;
  /** The code authorize() throws when the backend answered 429, with Retry-After's seconds. */
  loginThrottledCode?: (retryAfterSeconds: number | undefined) => string;
}
let messages: Messages;
let codes: Codes;

beforeAll(async () => {
  messages = await importFrontendModule<Messages>('src/lib/sign-in-messages.ts');
  codes = await importFrontendModule<Codes>('src/lib/auth-errors.ts');
});

describe('signInErrorMessage', () => {
  it('when NextAuth reports CredentialsSignin, then the user reads "Invalid email or password"', () => {
    expect(
      messages.signInErrorMessage(codes.CREDENTIALS_SIGNIN),
      'authorize() returned null: that is the only bad-credentials case',
    ).toBe('Invalid email or password');
  });

  it.each([
    ['the SERVICE_UNAVAILABLE code that authorize() throws', () => codes.SERVICE_UNAVAILABLE],
    ["one of NextAuth's own codes", () => 'Configuration'],
    ['no code at all', () => null],
  ])(
    'when the failure is %s, then the user reads that the service is unavailable',
    (_what, error) => {
      expect(
        messages.signInErrorMessage(error()),
        "Only CredentialsSignin means a wrong password; anything else is not the user's fault",
      ).toBe('The sign-in service is unavailable. Try again in a moment.');
    },
  );
});

describe('signInErrorMessage after the backend answered 429 (too many failed sign-ins)', () => {
  const throttled = (seconds: number | undefined) => {
    expect(
      codes.loginThrottledCode,
      'src/lib/auth-errors.ts should export loginThrottledCode(retryAfterSeconds), the code authorize() throws on a 429',
    ).toBeTypeOf('function');
    return codes.loginThrottledCode!(seconds);
  };

  it.each([
    [30, 'Try again in 30 seconds.'],
    [1, 'Try again in 1 second.'],
    [60, 'Try again in 1 minute.'],
    [61, 'Try again in 2 minutes.'],
    [900, 'Try again in 15 minutes.'],
  ])(
    'when Retry-After is %i s, then the user reads that signing in is locked and "%s"',
    (seconds, when) => {
      const message = messages.signInErrorMessage(throttled(seconds));

      expect(
        message,
        'A 429 is neither a wrong password nor an outage: say that there were too many attempts',
      ).toMatch(/too many failed sign-in attempts/i);
      expect(
        message,
        'Say when to try again, from Retry-After (rounded up to whole minutes past 59 s)',
      ).toContain(when);
    },
  );

  it('when the backend gave no usable Retry-After, then the message still says the sign-in is locked', () => {
    const message = messages.signInErrorMessage(throttled(undefined));

    expect(message).toMatch(/too many failed sign-in attempts/i);
    expect(message).not.toBe(messages.SERVICE_UNAVAILABLE_MESSAGE);
    expect(message).not.toBe(messages.INVALID_CREDENTIALS_MESSAGE);
  });
});
