// Any address this app has no page for. Next.js renders it inside _app, so the header is there.
import Head from 'next/head';
import Link from 'next/link';

export default function NotFoundPage() {
  return (
    <main className="page narrow">
      <Head>
        <title>Page not found</title>
      </Head>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. Check it for a typo, or start again from the home page.
      </p>
      <p className="actions">
        <Link href="/" className="button">
          Go to the home page
        </Link>
      </p>
    </main>
  );
}
