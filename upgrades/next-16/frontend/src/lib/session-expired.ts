// Where a session that can no longer be refreshed ends: signed out, on /login with a message.
// Used by src/utils/api.ts and src/components/session-expiry-watcher.tsx.
import { signOut } from 'next-auth/react';
import { SESSION_EXPIRED } from './auth-errors';

let signingOut = false;

/** Signs out once, however many places notice the expired session at the same moment. */
export function signOutExpiredSession(): void {
  if (signingOut) return;
  signingOut = true;
  // signOut() also ends the sign-in at the backend (events.signOut in src/lib/auth-options.ts),
  // then loads the callbackUrl as a new page.
  void signOut({ callbackUrl: `/login?error=${SESSION_EXPIRED}` });
}
