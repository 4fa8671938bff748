// Wraps every page: SessionProvider shares one session (fetched from /api/auth/session)
// with every useSession() call, instead of each component fetching its own.
import type { AppProps } from 'next/app';
import type { Session } from 'next-auth';
import { SessionProvider } from 'next-auth/react';
import '../styles/globals.css';

export default function App({ Component, pageProps: { session, ...pageProps } }: AppProps<{ session?: Session | null }>) {
  return (
    <SessionProvider session={session}>
      <Component {...pageProps} />
    </SessionProvider>
  );
}
