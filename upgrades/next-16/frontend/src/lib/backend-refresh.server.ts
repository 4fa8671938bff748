// Refresh and logout at the Express API, on the server only (used by src/lib/auth-options.ts).
// The refresh token lives in NextAuth's encrypted session cookie; it is sent to the backend
// here, as the cookie the backend expects, and never reaches the browser's JavaScript.
import axios from 'axios';
import { z } from 'zod';
import { readAccessTokenTimes } from './access-token-times';
import { serverConfig } from './config.server';
import { refreshCookieHeader, refreshTokenFromSetCookie } from './refresh-cookie.server';

const TIMEOUT_MS = 5_000;

/**
 * How long a finished refresh is remembered. Requests that left the browser with the old
 * session cookie keep arriving for a moment after the refresh; they get the same new tokens
 * instead of rotating the old refresh token a second time.
 */
const REMEMBER_MS = 10_000;

const refreshResponse = z.object({ accessToken: z.string().min(1) });

export interface RefreshedTokens {
  accessToken: string;
  accessTokenExpires: number;
  refreshToken: string;
}

/** Refreshes in flight (and just finished), by the refresh token they were started with. */
const refreshes = new Map<string, Promise<RefreshedTokens | null>>();

/**
 * New tokens for a refresh token, or null when the backend refuses it (expired, revoked,
 * reused) or cannot be reached. Calls for the same refresh token share one request: without
 * that, parallel requests would each rotate it, and all but one would be reuse.
 */
export function refreshAtBackend(refreshToken: string): Promise<RefreshedTokens | null> {
  const pending = refreshes.get(refreshToken);
  if (pending) return pending;
  const request = requestRefresh(refreshToken);
  refreshes.set(refreshToken, request);
  void request.finally(() => setTimeout(() => refreshes.delete(refreshToken), REMEMBER_MS).unref());
  return request;
}

async function requestRefresh(refreshToken: string): Promise<RefreshedTokens | null> {
  try {
    const response = await axios.post(
      `${serverConfig().BACKEND_URL}/api/auth/refresh-token`,
      null,
      {
        headers: { Cookie: refreshCookieHeader(refreshToken) },
        timeout: TIMEOUT_MS,
      },
    );
    const parsed = refreshResponse.safeParse(response.data);
    // The backend rotates the refresh token on every refresh: keep the new one.
    const rotated = refreshTokenFromSetCookie(response.headers['set-cookie']);
    if (!parsed.success || !rotated) {
      console.error(
        'Refresh: the backend answered 200 without { accessToken } and a refreshToken cookie',
      );
      return null;
    }
    const { accessToken } = parsed.data;
    return {
      accessToken,
      accessTokenExpires: readAccessTokenTimes(accessToken).expiresAt,
      refreshToken: rotated,
    };
  } catch (error) {
    const status = axios.isAxiosError(error) ? error.response?.status : undefined;
    // 401 is the normal end of a sign-in (expired, revoked or reused); anything else is worth a log line.
    if (status !== 401)
      console.error(
        `Refresh: the request failed (${status ? `HTTP ${status}` : (error as Error).message})`,
      );
    return null;
  }
}

/** Ends the sign-in at the backend (revokes the refresh token's family). Never throws. */
export async function logoutAtBackend(refreshToken: string): Promise<void> {
  try {
    await axios.post(`${serverConfig().BACKEND_URL}/api/auth/logout`, null, {
      headers: { Cookie: refreshCookieHeader(refreshToken) },
      timeout: TIMEOUT_MS,
    });
  } catch (error) {
    // The session cookie is cleared anyway; the family then ends at its expiry.
    console.error(`Logout at the backend failed (${(error as Error).message})`);
  }
}
