import type { AppProps } from 'next/app';
import type { Session } from 'next-auth';
import { SessionProvider } from 'next-auth/react';
import SiteHeader from '@/components/site-header';
import '@/styles/globals.css';

// SessionProvider shares one session (from /api/auth/session) with every useSession() below
// it, and checks it again when the tab comes back into view. The header is on every page.
export default function App({
  Component,
  pageProps: { session, ...pageProps },
}: AppProps<{ session?: Session | null }>) {
  return (
    <SessionProvider session={session}>
      <SiteHeader />
      <Component {...pageProps} />
    </SessionProvider>
  );
}
