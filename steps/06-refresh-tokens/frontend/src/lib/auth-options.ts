// NextAuth's settings, in one object: the API route (src/pages/api/auth/[...nextauth].ts) uses it,
// and so will getServerSession() wherever the server needs to know who is signed in.
import type { NextAuthOptions } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { expiresSoon, readAccessTokenTimes } from './access-token-times';
import { REFRESH_ACCESS_TOKEN_ERROR } from './auth-errors';
import { loginAtBackend } from './backend-login.server';
import { logoutAtBackend, refreshAtBackend } from './backend-refresh.server';
import { secretIfConfigured, serverConfig } from './config.server';

// authorize() receives the whole form body, typed or not: only two strings go any further.
// (An object such as { "$ne": "" } in place of an email never reaches the backend.)
const credentialsSchema = z.object({
  email: z.string().trim().min(1),
  password: z.string().min(1),
});

// What the browser's API client (src/utils/api.ts) sends with update() after the backend
// refused an access token: which token it was.
const rejectionSchema = z.object({ rejectedAccessToken: z.string() });

const DEFAULT_SESSION_MAX_AGE_S = 7 * 24 * 60 * 60;

export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      // null = "wrong email or password" (NextAuth reports CredentialsSignin);
      // a thrown Error(SERVICE_UNAVAILABLE) = "we could not check" (see backend-login.server.ts),
      // a thrown LoginThrottled code = "too many failures: locked for now".
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        // Set by src/pages/api/auth/[...nextauth].ts: the browser's address, for the backend.
        const forwardedFor = req.headers?.['x-forwarded-for'];
        return loginAtBackend(
          parsed.data,
          typeof forwardedFor === 'string' ? forwardedFor : undefined,
        );
      },
    }),
  ],
  session: {
    strategy: 'jwt',
    // The session cookie must not outlive the refresh token inside it (NextAuth's default
    // is 30 days). Read on each request, like the secret below.
    get maxAge() {
      try {
        return Math.floor(serverConfig().REFRESH_TOKEN_TTL / 1000);
      } catch {
        return DEFAULT_SESSION_MAX_AGE_S; // the secret getter reports the bad configuration
      }
    },
  },
  callbacks: {
    // Runs whenever the session is read: at sign-in (with `user`), and on every
    // /api/auth/session request after that. Its result is the encrypted session cookie.
    async jwt({ token, user, trigger, session }) {
      if (user) {
        return {
          ...token,
          user: { id: user.id, name: user.name, email: user.email, role: user.role },
          accessToken: user.accessToken,
          accessTokenExpires: user.accessTokenExpires,
          // Kept here, in the cookie only this server can decrypt; never in the session below.
          refreshToken: user.refreshToken,
        };
      }
      // A sign-in that has ended stays ended until the user signs out (src/lib/session-expired.ts).
      if (token.error || !token.refreshToken || !token.accessToken) return token;

      // The browser says the backend refused this very token (not an older one it had kept):
      // refresh even if the token does not look due yet.
      const rejected =
        trigger === 'update' &&
        rejectionSchema.safeParse(session).data?.rejectedAccessToken === token.accessToken;
      if (!rejected && !expiresSoon(readAccessTokenTimes(token.accessToken))) return token;
      return refreshed(token);
    },
    // What /api/auth/session, useSession() and getSession() hand to the browser. Everything
    // here is readable by the page's JavaScript, so the refresh token is left out.
    async session({ session, token }) {
      if (token.user) session.user = token.user;
      session.accessToken = token.accessToken;
      session.accessTokenExpires = token.accessTokenExpires;
      if (token.error) session.error = token.error;
      return session;
    },
  },
  events: {
    // Signing out clears NextAuth's cookie; this also ends the sign-in at the backend, so a
    // copy of the refresh token is worthless from now on.
    async signOut({ token }) {
      if (token?.refreshToken) await logoutAtBackend(token.refreshToken);
    },
  },
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

/** The token with new access and refresh tokens, or marked with an error when the backend said no. */
async function refreshed(token: JWT): Promise<JWT> {
  const tokens = await refreshAtBackend(token.refreshToken!);
  if (!tokens) {
    // The access token is useless now: drop it, so nothing sends it again.
    return {
      ...token,
      accessToken: undefined,
      accessTokenExpires: undefined,
      error: REFRESH_ACCESS_TOKEN_ERROR,
    };
  }
  return { ...token, ...tokens, error: undefined };
}
