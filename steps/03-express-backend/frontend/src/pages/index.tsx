import Head from 'next/head';

export default function Home() {
  return (
    <>
      <Head>
        <title>Sign-in workshop</title>
      </Head>
      <main className="page">
        <h1>Next.js sign-in workshop</h1>
        <p className="lead">
          This app will sign people in with NextAuth against a separate Express API.
        </p>
        <ol>
          <li>Sign in with an email and a password that the API checks.</li>
          <li>Open a profile page that only signed-in users can see.</li>
          <li>Stay signed in with short-lived access tokens, renewed in the background.</li>
        </ol>
      </main>
    </>
  );
}
