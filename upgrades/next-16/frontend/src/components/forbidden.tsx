// What a signed-in user sees on a page their role does not open (src/pages/admin.tsx): a plain
// 403, not a redirect to /login, which would only send them back here after signing in.
import Head from 'next/head';
import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="page narrow">
      <Head>
        <title>No access</title>
      </Head>
      <h1>No access</h1>
      <p role="alert" className="alert">
        Your account does not have access to this page.
      </p>
      <p className="actions">
        <Link href="/" className="button">
          Go to the home page
        </Link>
      </p>
    </main>
  );
}
