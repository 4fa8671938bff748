// /: says who is signed in, with the way in (sign in) or out (sign out).
import { signOut, useSession } from 'next-auth/react';
import Head from 'next/head';
import Link from 'next/link';

export default function HomePage() {
  const { data: session, status } = useSession();

  return (
    <main className="card">
      <Head>
        <title>NextAuth + Express workshop</title>
      </Head>
      <h1>NextAuth + Express workshop</h1>
      {status === 'loading' && <p className="muted">Checking your session…</p>}
      {status === 'unauthenticated' && (
        <>
          <p>You are not signed in.</p>
          <p className="actions">
            <Link href="/login" className="button">
              Sign in
            </Link>
            <Link href="/register">Create an account</Link>
          </p>
        </>
      )}
      {status === 'authenticated' && (
        <>
          <p>
            Signed in as <strong>{session.user.name}</strong> ({session.user.email}).
          </p>
          <p className="actions">
            <Link href="/profile" className="button">
              Your profile
            </Link>
            {/* signOut() clears NextAuth's session cookie, then loads the home page again. */}
            <button type="button" className="secondary" onClick={() => void signOut({ callbackUrl: '/' })}>
              Sign out
            </button>
          </p>
        </>
      )}
    </main>
  );
}
