// The codes a failed sign-in reports in the `error` query parameter (and in signIn()'s result).
// A file of its own so the login page (step 4) can import them without pulling server code
// into the browser.

/** NextAuth's own code when authorize() returns null: the email or the password is wrong. */
export const CREDENTIALS_SIGNIN = 'CredentialsSignin';

/** Ours, thrown by authorize() when the backend cannot answer: down, too slow, or failing. */
export const SERVICE_UNAVAILABLE = 'ServiceUnavailable';

/**
 * Ours, thrown by authorize() when the backend answered 429: too many failed sign-ins for this
 * email (or from this address), so it is locked for a while. The seconds to wait, from the
 * backend's Retry-After, follow a colon ("LoginThrottled:30"), since the code is all that
 * reaches the login page.
 */
export const LOGIN_THROTTLED = 'LoginThrottled';

export function loginThrottledCode(retryAfterSeconds: number | undefined): string {
  return retryAfterSeconds === undefined
    ? LOGIN_THROTTLED
    : `${LOGIN_THROTTLED}:${retryAfterSeconds}`;
}

/** The seconds in a LOGIN_THROTTLED code; null when the code is another one. */
export function readLoginThrottled(
  code: string | null | undefined,
): { retryAfterSeconds?: number } | null {
  const match = /^LoginThrottled(?::(\d+))?$/.exec(code ?? '');
  if (!match) return null;
  return match[1] === undefined ? {} : { retryAfterSeconds: Number(match[1]) };
}

/** Ours, in session.error when the backend refused the refresh token: the sign-in is over. */
export const REFRESH_ACCESS_TOKEN_ERROR = 'RefreshAccessTokenError';

/** Ours, in /login?error=…, where a session that could no longer be refreshed is sent. */
export const SESSION_EXPIRED = 'SessionExpired';
