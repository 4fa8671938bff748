// The client-side guard for pages that need a signed-in user (src/pages/profile.tsx), or a
// signed-in user with a role (src/pages/admin.tsx).
// It decides what the browser shows; the middleware (src/middleware.ts) decides what the
// server sends, and the backend decides what data anyone gets.
import type { Session } from 'next-auth';
import { useSession } from 'next-auth/react';
import { useRouter } from 'next/router';
import type { ComponentType } from 'react';
import Forbidden from './forbidden';

/** Props withAuth adds: the session, which is never null inside a guarded page. */
export interface WithSession {
  session: Session;
}

export default function withAuth<P extends object>(
  Page: ComponentType<P & WithSession>,
  options: { role?: Session['user']['role'] } = {},
): ComponentType<P> {
  function Guarded(props: P) {
    const router = useRouter();
    // required: true keeps status at 'loading' until there is a session, and calls
    // onUnauthenticated instead of ever reporting 'unauthenticated' to this component.
    const { data: session, status } = useSession({
      required: true,
      onUnauthenticated() {
        void router.replace({ pathname: '/login', query: { callbackUrl: router.asPath } });
      },
    });

    // Nothing until the session is known: no flash of protected content, no flash of a
    // half-empty page for a user who is about to be sent away.
    if (status !== 'authenticated') return null;
    // Another role sees the 403 view, also after moving here within the app (no server request).
    if (options.role && session.user.role !== options.role) return <Forbidden />;
    return <Page {...props} session={session} />;
  }

  Guarded.displayName = `withAuth(${Page.displayName ?? Page.name ?? 'Page'})`;
  return Guarded;
}
