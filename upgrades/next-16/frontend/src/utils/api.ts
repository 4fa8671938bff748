// One axios instance for every call from the browser to the Express API, e.g.
// `api.get('/user/profile')` in src/pages/profile.tsx. It attaches the access token, and
// when the backend answers 401 it gets a fresh one from NextAuth and tries once more.
import axios from 'axios';
import type { Session } from 'next-auth';
import { getCsrfToken, getSession } from 'next-auth/react';
import { signOutExpiredSession } from '@/lib/session-expired';

declare module 'axios' {
  interface InternalAxiosRequestConfig {
    /** Set on a request that is being sent a second time, after a refresh. */
    _retried?: boolean;
  }
}

// This site's way to the API (src/pages/api/backend/[...path].ts forwards it to BACKEND_URL/api).
// The browser has no cookie for the API: the access token goes in the Authorization header,
// and the refresh token stays on the Next.js server.
const api = axios.create({ baseURL: '/api/backend' });

/** The session as this module last saw it; loaded with getSession() on first use. */
let session: Promise<Session | null> | undefined;
/** The one refresh in progress: every 401 that arrives meanwhile waits for it. */
let refreshing: Promise<Session | null> | undefined;

async function currentSession(): Promise<Session | null> {
  session ??= getSession();
  const value = await session;
  if (!value) session = undefined; // signed out: ask again next time
  return value;
}

/**
 * Asks NextAuth for a session with a new access token: a POST to /api/auth/session (what
 * useSession().update() sends), naming the token the backend refused. The jwt callback in
 * src/lib/auth-options.ts then refreshes at the backend, even if the token did not look due.
 * The original guide called the backend's refresh route from here, but the refresh cookie
 * was never in the browser, and it assigned the new token to a copy of the session
 * (`session.accessToken = ...` on getSession()'s result), which NextAuth never sees.
 */
async function requestNewSession(rejectedAccessToken: string | undefined): Promise<Session | null> {
  const csrfToken = await getCsrfToken();
  const response = await fetch('/api/auth/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ csrfToken, data: { rejectedAccessToken } }),
  });
  const body = response.ok ? ((await response.json()) as Partial<Session>) : {};
  // NextAuth answers {} when there is no session at all.
  return body.user ? (body as Session) : null;
}

function refreshSession(rejectedAccessToken: string | undefined): Promise<Session | null> {
  refreshing ??= requestNewSession(rejectedAccessToken)
    .catch(() => null)
    .then((fresh) => {
      session = Promise.resolve(fresh);
      return fresh;
    })
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

const bearer = (token: string) => `Bearer ${token}`;

api.interceptors.request.use(async (config) => {
  const accessToken = (await currentSession())?.accessToken;
  if (accessToken) config.headers.Authorization = bearer(accessToken);
  return config;
});

api.interceptors.response.use(undefined, async (error: unknown) => {
  const original = axios.isAxiosError(error) ? error.config : undefined;
  if (
    !axios.isAxiosError(error) ||
    error.response?.status !== 401 ||
    !original ||
    original._retried
  )
    throw error;
  original._retried = true;

  const sent = String(original.headers.Authorization ?? '');
  const latest = await (refreshing ?? currentSession());
  // This request left with an older token than the one we now hold (another 401 already
  // refreshed): retry with the new one. Otherwise ask for a refresh; twenty parallel 401s
  // share one.
  const fresh =
    latest?.accessToken && bearer(latest.accessToken) !== sent
      ? latest
      : await refreshSession(sent.slice('Bearer '.length) || undefined);

  if (!fresh?.accessToken || fresh.error) {
    signOutExpiredSession();
    throw error;
  }
  // The request interceptor runs again and attaches the new token.
  return api(original);
});

export default api;
