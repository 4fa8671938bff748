import { useSession } from 'next-auth/react';
import Head from 'next/head';
import Link from 'next/link';

export default function Home() {
  const { data: session, status } = useSession();

  return (
    <>
      <Head>
        <title>Sign-in workshop</title>
      </Head>
      <main className="page">
        <h1>Next.js sign-in workshop</h1>
        <p className="lead">
          This app signs people in with NextAuth against a separate Express API.
        </p>
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
            </p>
          </>
        )}
      </main>
    </>
  );
}
