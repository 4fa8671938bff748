// What a visitor sees when the server fails to render a page: no stack trace, no details.
// The details are in the server's log, where the person who can fix it looks.
import Head from 'next/head';
import Link from 'next/link';

export default function ServerErrorPage() {
  return (
    <main className="page narrow">
      <Head>
        <title>Something went wrong</title>
      </Head>
      <h1>Something went wrong</h1>
      <p>This page could not be shown. Try again in a moment.</p>
      <p className="actions">
        <Link href="/" className="button">
          Go to the home page
        </Link>
      </p>
    </main>
  );
}
