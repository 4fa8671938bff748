// /profile: the protected page. The middleware keeps signed-out requests away on the
// server; withAuth does the same in the browser when the session ends while it is open.
// The account details come from the API too, through src/utils/api.ts: the access token,
// its refresh and the retry all happen there, not in this page.
import Head from 'next/head';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import withAuth, { type WithSession } from '@/components/with-auth';
import api from '@/utils/api';

interface ApiUser {
  id: string;
  name: string;
  email: string;
}

type ProfileState =
  { status: 'loading' } | { status: 'loaded'; user: ApiUser } | { status: 'failed' };

function ProfilePage({ session }: WithSession) {
  const { name, email } = session.user;
  const [profile, setProfile] = useState<ProfileState>({ status: 'loading' });

  useEffect(() => {
    let current = true; // ignore an answer that arrives after the page was left
    api.get<{ user: ApiUser }>('/user/profile').then(
      ({ data }) => current && setProfile({ status: 'loaded', user: data.user }),
      () => current && setProfile({ status: 'failed' }),
    );
    return () => {
      current = false;
    };
  }, []);

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
      <h2>From the API</h2>
      {profile.status === 'loading' && (
        <p role="status" className="muted">
          Loading your account from the API…
        </p>
      )}
      {profile.status === 'failed' && (
        <p role="alert" className="alert">
          Your account could not be loaded from the API. Try again in a moment.
        </p>
      )}
      {profile.status === 'loaded' && (
        <dl className="details" data-testid="api-profile">
          <dt>Account id</dt>
          <dd data-testid="api-profile-id">{profile.user.id}</dd>
          <dt>Email</dt>
          <dd data-testid="api-profile-email">{profile.user.email}</dd>
        </dl>
      )}
      <p>
        <Link href="/">Back to the home page</Link>
      </p>
    </main>
  );
}

export default withAuth(ProfilePage);
