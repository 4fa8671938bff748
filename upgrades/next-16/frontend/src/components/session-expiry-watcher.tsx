// Signs the user out as soon as the session reports that it could not be refreshed (the
// jwt callback in src/lib/auth-options.ts sets session.error). Rendered once, in _app.
import { useSession } from 'next-auth/react';
import { useEffect } from 'react';
import { signOutExpiredSession } from '@/lib/session-expired';

export default function SessionExpiryWatcher() {
  const { data: session } = useSession();
  const error = session?.error;

  useEffect(() => {
    if (error) signOutExpiredSession();
  }, [error]);

  return null;
}
