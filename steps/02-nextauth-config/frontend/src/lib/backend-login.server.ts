// Asks the Express API whether an email and password sign in. Used by authorize() in
// src/lib/auth-options.ts, on the server only.
import axios from 'axios';
import type { User } from 'next-auth';
import { z } from 'zod';
import { SERVICE_UNAVAILABLE } from './auth-errors';
import { serverConfig } from './config.server';

/** A backend that takes longer than this is treated as down, rather than leaving the form hanging. */
const LOGIN_TIMEOUT_MS = 5_000;

/** The body of a 200 from POST /api/auth/login. */
const loginResponse = z.object({
  token: z.string().min(1),
  user: z.object({ id: z.string().min(1), name: z.string(), email: z.string() }),
});

export interface Credentials {
  email: string;
  password: string;
}

/**
 * The user and their access token; null when the backend turns the credentials down (400, 401).
 * Any other failure throws Error(SERVICE_UNAVAILABLE): the reason goes to the server log, and
 * the browser learns only that the service is unavailable.
 */
export async function loginAtBackend(credentials: Credentials): Promise<User | null> {
  let body: unknown;
  try {
    const url = `${serverConfig().BACKEND_URL}/api/auth/login`;
    const response = await axios.post(url, credentials, { timeout: LOGIN_TIMEOUT_MS });
    body = response.data;
  } catch (error) {
    if (isTurnedDown(error)) return null;
    return unavailable(`the login request failed (${describe(error)})`);
  }

  const parsed = loginResponse.safeParse(body);
  if (!parsed.success) return unavailable('the backend answered 200 without { token, user }');
  const { token, user } = parsed.data;
  return { id: user.id, name: user.name, email: user.email, accessToken: token };
}

/** 401: wrong email or password. 400: input the backend refuses to look up. Both are "no". */
function isTurnedDown(error: unknown): boolean {
  const status = axios.isAxiosError(error) ? error.response?.status : undefined;
  return status === 400 || status === 401;
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
