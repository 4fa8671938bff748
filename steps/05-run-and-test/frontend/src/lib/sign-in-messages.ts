// What /login tells the user when signIn() fails (used by src/pages/login.tsx).
// signIn('credentials', { redirect: false }) reports failures as a short code in
// `result.error`; that code is not a sentence for people, so it is never shown as it is.

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';
export const SERVICE_UNAVAILABLE_MESSAGE = 'The sign-in service is unavailable. Try again in a moment.';

/** The message for a failed sign-in, from the `error` that signIn() returned. */
export function signInErrorMessage(error: string | null | undefined): string {
  // authorize() returned null: the backend answered 401. NextAuth names that case
  // "CredentialsSignin". Only here is it the user's email or password that is wrong.
  if (error === 'CredentialsSignin') return INVALID_CREDENTIALS_MESSAGE;
  // authorize() threw (the backend is down or answered 5xx), or NextAuth itself failed:
  // asking the user to retype a correct password would only send them looking for a typo.
  return SERVICE_UNAVAILABLE_MESSAGE;
}
