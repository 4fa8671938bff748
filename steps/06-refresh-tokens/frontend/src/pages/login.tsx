// /login: email and password, signed in through NextAuth's Credentials provider
// (src/lib/auth-options.ts), which asks the backend.
import { signIn } from 'next-auth/react';
import Head from 'next/head';
import Link from 'next/link';
import { useRouter } from 'next/router';
import { useState, type FormEvent } from 'react';
import ErrorSummary from '@/components/error-summary';
import { SESSION_EXPIRED } from '@/lib/auth-errors';
import { safeCallbackUrl } from '@/lib/safe-callback-url';
import { SESSION_EXPIRED_MESSAGE, signInErrorMessage } from '@/lib/sign-in-messages';

export default function LoginPage() {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // One notice at most: why the visitor is on this page. /register sends new users here
  // with ?registered=1; a session whose refresh token was refused, with ?error=SessionExpired
  // (src/lib/session-expired.ts).
  const notice =
    router.query.error === SESSION_EXPIRED
      ? SESSION_EXPIRED_MESSAGE
      : router.query.registered === '1'
        ? 'Your account is ready. Sign in with your email and password.'
        : router.query.signedOut === '1'
          ? 'You are signed out.'
          : router.query.callbackUrl
            ? 'Sign in to see that page.'
            : null;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      // redirect: false keeps us on this page, so a failure can be shown next to the form.
      const result = await signIn('credentials', { redirect: false, email, password });
      // `result.ok` alone is not enough: check `error`, which is set for every failure.
      if (!result || result.error || !result.ok) {
        setError(signInErrorMessage(result?.error));
        setSubmitting(false);
        return;
      }
      // The button stays disabled until the next page has loaded.
      await router.replace(safeCallbackUrl(router.query.callbackUrl));
    } catch {
      // NextAuth's own API route could not be reached.
      setError(signInErrorMessage(null));
      setSubmitting(false);
    }
  }

  return (
    <main className="page narrow">
      <Head>
        <title>Sign in</title>
      </Head>
      <h1>Sign in</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <form onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        {error && <ErrorSummary message={error} />}
        <button type="submit" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        No account yet? <Link href="/register">Create one</Link>
      </p>
    </main>
  );
}
