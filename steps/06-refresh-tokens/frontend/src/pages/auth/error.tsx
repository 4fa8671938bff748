// NextAuth's error page (pages.error in src/lib/auth-options.ts), in this app's look instead of
// NextAuth's own. NextAuth sends the browser here with ?error=<code> when a sign-in flow fails
// outside the login form, for instance when the server's settings are wrong.
import Head from 'next/head';
import Link from 'next/link';
import { useRouter } from 'next/router';

// A Map, not an object: ?error=constructor must not find Object's own properties.
const messages = new Map([
  ['Configuration', 'Signing in is not set up correctly on this server. The server log says why.'],
  ['AccessDenied', 'This account may not sign in.'],
]);
const fallback = 'Signing in did not work. Try again.';

export default function AuthErrorPage() {
  const { query } = useRouter();
  const code = typeof query.error === 'string' ? query.error : '';

  return (
    <main className="page narrow">
      <Head>
        <title>Sign-in problem</title>
      </Head>
      <h1>Sign-in problem</h1>
      <p role="alert" className="alert">
        {messages.get(code) ?? fallback}
      </p>
      <p className="actions">
        <Link href="/login" className="button">
          Back to sign in
        </Link>
        <Link href="/">Home page</Link>
      </p>
    </main>
  );
}
