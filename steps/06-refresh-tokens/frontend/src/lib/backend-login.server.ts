// Asks the Express API whether an email and password sign in. Used by authorize() in
// src/lib/auth-options.ts, on the server only.
import axios from 'axios';
import type { User } from 'next-auth';
import { z } from 'zod';
import { readAccessTokenTimes } from './access-token-times';
import { loginThrottledCode, SERVICE_UNAVAILABLE } from './auth-errors';
import { serverConfig } from './config.server';
import { refreshTokenFromSetCookie } from './refresh-cookie.server';

/** A backend that takes longer than this is treated as down, rather than leaving the form hanging. */
const LOGIN_TIMEOUT_MS = 5_000;

/** The body of a 200 from POST /api/auth/login. */
const loginResponse = z.object({
  accessToken: z.string().min(1),
  user: z.object({
    id: z.string().min(1),
    name: z.string(),
    email: z.string(),
    role: z.enum(['user', 'admin']),
  }),
});

export interface Credentials {
  email: string;
  password: string;
}

/**
 * The user and their tokens; null when the backend turns the credentials down (400, 401).
 * `forwardedFor` is the X-Forwarded-For to send: who is signing in, seen from this server.
 * A 429 (too many failed sign-ins) throws the LoginThrottled code with the seconds to wait.
 * Any other failure throws Error(SERVICE_UNAVAILABLE): the reason goes to the server log, and
 * the browser learns only that the service is unavailable.
 */
export async function loginAtBackend(
  credentials: Credentials,
  forwardedFor?: string,
): Promise<User | null> {
  let body: unknown;
  let setCookie: string[] | undefined;
  try {
    const url = `${serverConfig().BACKEND_URL}/api/auth/login`;
    // The browser's address (src/lib/forwarded-for.server.ts): the backend limits failed logins
    // per client, and believes this header only from a proxy its TRUST_PROXY names.
    const headers = forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {};
    const response = await axios.post(url, credentials, { timeout: LOGIN_TIMEOUT_MS, headers });
    body = response.data;
    // The backend answers with Set-Cookie: refreshToken=...; this server made the request, so
    // this server is the one that receives the cookie. The browser never sees it: the original
    // guide's browser-side refresh call could never have sent it.
    setCookie = response.headers['set-cookie'];
  } catch (error) {
    if (isTurnedDown(error)) return null;
    const throttled = throttledFor(error);
    if (throttled)
      throw new Error(loginThrottledCode(throttled.retryAfterSeconds), { cause: error });
    return unavailable(`the login request failed (${describe(error)})`);
  }

  const parsed = loginResponse.safeParse(body);
  if (!parsed.success) return unavailable('the backend answered 200 without { accessToken, user }');
  const refreshToken = refreshTokenFromSetCookie(setCookie);
  if (!refreshToken) return unavailable('the backend answered 200 without a refreshToken cookie');
  const { accessToken, user } = parsed.data;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    accessToken,
    accessTokenExpires: readAccessTokenTimes(accessToken).expiresAt,
    refreshToken,
  };
}

/** 401: wrong email or password. 400: input the backend refuses to look up. Both are "no". */
function isTurnedDown(error: unknown): boolean {
  const status = axios.isAxiosError(error) ? error.response?.status : undefined;
  return status === 400 || status === 401;
}

/** 429: locked for now. Retry-After holds seconds (or, in HTTP's other form, a date). */
function throttledFor(error: unknown): { retryAfterSeconds?: number } | undefined {
  if (!axios.isAxiosError(error) || error.response?.status !== 429) return undefined;
  const header = String(error.response.headers['retry-after'] ?? '');
  const seconds = /^\d+$/.test(header)
    ? Number(header)
    : Math.ceil((Date.parse(header) - Date.now()) / 1000);
  return Number.isFinite(seconds) && seconds >= 0 ? { retryAfterSeconds: seconds } : {};
}

function unavailable(reason: string): never {
  console.error(`Sign-in: ${reason}`);
  throw new Error(SERVICE_UNAVAILABLE);
}

function describe(error: unknown): string {
  if (axios.isAxiosError(error))
    return error.response ? `HTTP ${error.response.status}` : (error.code ?? error.message);
  return error instanceof Error ? error.message : String(error);
}
