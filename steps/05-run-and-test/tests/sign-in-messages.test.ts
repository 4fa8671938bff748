// Unit checks of the messages /login shows: a wrong password and an outage must read differently.
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
