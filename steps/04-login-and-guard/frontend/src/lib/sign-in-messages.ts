// What /login tells the user when signIn() fails (used by src/pages/login.tsx).
// signIn('credentials', { redirect: false }) reports a failure as a short code in
// `result.error` (src/lib/auth-errors.ts lists ours); a code is not a sentence for people.
import { CREDENTIALS_SIGNIN } from './auth-errors';

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';
export const SERVICE_UNAVAILABLE_MESSAGE =
  'The sign-in service is unavailable. Try again in a moment.';

/** The message for a failed sign-in, from the `error` that signIn() returned. */
export function signInErrorMessage(error: string | null | undefined): string {
  // authorize() returned null: the backend turned the credentials down. Only in this case
  // is it the user's email or password that is wrong.
  if (error === CREDENTIALS_SIGNIN) return INVALID_CREDENTIALS_MESSAGE;
  // SERVICE_UNAVAILABLE (authorize() could not get an answer from the backend), one of
  // NextAuth's own codes, or no answer at all: none of them is fixed by retyping a password.
  return SERVICE_UNAVAILABLE_MESSAGE;
}
