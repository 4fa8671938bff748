// NextAuth's settings, in one object: the API route (src/pages/api/auth/[...nextauth].ts) uses it,
// and so will getServerSession() wherever the server needs to know who is signed in.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { loginAtBackend } from './backend-login.server';
import { secretIfConfigured } from './config.server';

// authorize() receives the whole form body, typed or not: only two strings go any further.
// (An object such as { "$ne": "" } in place of an email never reaches the backend.)
const credentialsSchema = z.object({
  email: z.string().trim().min(1),
  password: z.string().min(1),
});

export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      // null = "wrong email or password" (NextAuth reports CredentialsSignin);
      // a thrown Error(SERVICE_UNAVAILABLE) = "we could not check" (see backend-login.server.ts).
      async authorize(credentials) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        return loginAtBackend(parsed.data);
      },
    }),
  ],
  session: { strategy: 'jwt' },
  callbacks: {
    // `user` is what authorize() returned, and it is there only on the sign-in request.
    // Whatever the app needs later must be copied into the token, which NextAuth keeps
    // encrypted in the session cookie.
    async jwt({ token, user }) {
      if (user) {
        token.user = { id: user.id, name: user.name, email: user.email };
        token.accessToken = user.accessToken;
      }
      return token;
    },
    // What /api/auth/session, useSession() and getServerSession() hand to the app.
    async session({ session, token }) {
      if (token.user) session.user = token.user;
      if (token.accessToken) session.accessToken = token.accessToken;
      return session;
    },
  },
  // Our own sign-in page instead of NextAuth's built-in one. It arrives in step 4;
  // until then NextAuth's redirects to it end on a 404.
  // This app's own pages instead of NextAuth's: the form, and the page for a failed flow.
  pages: { signIn: '/login', error: '/auth/error' },
  // NextAuth reads the secret on each request, so this getter checks the configuration
  // then, not at import: `next build` loads pages that import this file, and the build
  // runs without the server's variables. While they are invalid, NextAuth answers 500.
  get secret() {
    return secretIfConfigured();
  },
  // NextAuth fills an empty `secret` from process.env.NEXTAUTH_SECRET; ignoring that keeps
  // an invalid configuration from slipping past the check above.
  set secret(_fallback: string | undefined) {},
};
