// What /login tells the user when signIn() fails (used by src/pages/login.tsx).
// signIn('credentials', { redirect: false }) reports a failure as a short code in
// `result.error` (src/lib/auth-errors.ts lists ours); a code is not a sentence for people.
import { CREDENTIALS_SIGNIN, readLoginThrottled } from './auth-errors';

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password';
export const SERVICE_UNAVAILABLE_MESSAGE =
  'The sign-in service is unavailable. Try again in a moment.';
/** Shown on /login?error=SessionExpired, where src/lib/session-expired.ts sends people. */
export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Please sign in again.';

/** The message for a failed sign-in, from the `error` that signIn() returned. */
export function signInErrorMessage(error: string | null | undefined): string {
  // authorize() returned null: the backend turned the credentials down. Only in this case
  // is it the user's email or password that is wrong.
  if (error === CREDENTIALS_SIGNIN) return INVALID_CREDENTIALS_MESSAGE;
  // The backend answered 429: retrying now would only be refused again, so say when to.
  const throttled = readLoginThrottled(error);
  if (throttled) return lockedMessage(throttled.retryAfterSeconds);
  // SERVICE_UNAVAILABLE (authorize() could not get an answer from the backend), one of
  // NextAuth's own codes, or no answer at all: none of them is fixed by retyping a password.
  return SERVICE_UNAVAILABLE_MESSAGE;
}

/** "…Try again in 45 seconds." or "…in 2 minutes." (rounded up, so never too early). */
export function lockedMessage(retryAfterSeconds: number | undefined): string {
  const intro = 'Too many failed sign-in attempts: signing in is locked for a while.';
  if (retryAfterSeconds === undefined) return `${intro} Try again later.`;
  const wait =
    retryAfterSeconds < 60
      ? plural(Math.max(1, retryAfterSeconds), 'second')
      : plural(Math.ceil(retryAfterSeconds / 60), 'minute');
  return `${intro} Try again in ${wait}.`;
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
