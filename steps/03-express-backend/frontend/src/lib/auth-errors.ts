// The codes a failed sign-in reports in the `error` query parameter (and in signIn()'s result).
// A file of its own so the login page (step 4) can import them without pulling server code
// into the browser.

/** NextAuth's own code when authorize() returns null: the email or the password is wrong. */
export const CREDENTIALS_SIGNIN = 'CredentialsSignin';

/** Ours, thrown by authorize() when the backend cannot answer: down, too slow, or failing. */
export const SERVICE_UNAVAILABLE = 'ServiceUnavailable';
