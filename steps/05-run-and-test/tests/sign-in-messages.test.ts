// Unit checks of the messages /login shows: a wrong password and an outage must read differently.
import { beforeAll, describe, expect, it } from 'vitest';
import { importFrontendModule } from './support/frontend-module.ts';

interface Messages {
  signInErrorMessage(error: string | null | undefined): string;
  INVALID_CREDENTIALS_MESSAGE: string;
  SERVICE_UNAVAILABLE_MESSAGE: string;
}
let messages: Messages;

beforeAll(async () => {
  messages = await importFrontendModule<Messages>('src/lib/sign-in-messages.ts');
});

describe('signInErrorMessage', () => {
  it('when NextAuth reports CredentialsSignin, then the user reads "Invalid email or password"', () => {
    expect(messages.signInErrorMessage('CredentialsSignin'), 'authorize() returned null: that is the only bad-credentials case').toBe(
      'Invalid email or password',
    );
  });

  it.each([['an error thrown by authorize()', 'BackendUnavailable'], ['no error code at all', null]])(
    'when the failure is %s, then the user reads that the service is unavailable',
    (_what, error) => {
      expect(messages.signInErrorMessage(error), 'Only CredentialsSignin means a wrong password; anything else is an outage').toBe(
        'The sign-in service is unavailable. Try again in a moment.',
      );
    },
  );
});
