// The bar on top of every page (src/pages/_app.tsx): the app's name, who is signed in, and
// the way out. Signing out lands on /login, which says that it worked.
import { signOut, useSession } from 'next-auth/react';
import Link from 'next/link';

export default function SiteHeader() {
  const { data: session, status } = useSession();

  return (
    <header className="site-header">
      <Link href="/" className="site-name">
        Sign-in workshop
      </Link>
      <nav aria-label="Account" className="site-nav">
        {status === 'authenticated' && (
          <>
            {/* Shown to admins only; the page and the backend check the role again. */}
            {session.user.role === 'admin' && <Link href="/admin">Admin</Link>}
            <Link href="/profile">{session.user.name}</Link>
            {/* Ends the session (NextAuth clears its cookie), then loads /login as a new page. */}
            <button
              type="button"
              className="secondary"
              onClick={() => void signOut({ callbackUrl: '/login?signedOut=1' })}
            >
              Sign out
            </button>
          </>
        )}
        {status === 'unauthenticated' && <Link href="/login">Sign in</Link>}
      </nav>
    </header>
  );
}
