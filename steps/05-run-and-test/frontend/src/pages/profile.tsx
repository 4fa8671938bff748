// /profile: the protected page. The middleware keeps signed-out requests away on the
// server; withAuth does the same in the browser when the session ends while it is open.
import Head from 'next/head';
import Link from 'next/link';
import withAuth, { type WithSession } from '@/components/with-auth';

function ProfilePage({ session }: WithSession) {
  const { name, email } = session.user;
  return (
    <main className="page narrow">
      <Head>
        <title>Your profile</title>
      </Head>
      <h1>Your profile</h1>
      <dl className="details">
        <dt>Name</dt>
        <dd data-testid="profile-name">{name}</dd>
        <dt>Email</dt>
        <dd data-testid="profile-email">{email}</dd>
      </dl>
      <p>
        <Link href="/">Back to the home page</Link>
      </p>
    </main>
  );
}

export default withAuth(ProfilePage);
