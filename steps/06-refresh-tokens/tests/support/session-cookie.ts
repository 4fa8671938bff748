// Opens NextAuth's session cookie with NEXTAUTH_SECRET, as the Next.js server does, to see
// what it holds. Only the server (and these checks) know the secret; the browser cannot.
import { decode, type JWT } from 'next-auth/jwt';
import { checkEnv } from '../../../../scripts/checks/env.ts';

/** NextAuth's cookie name over http (https adds the __Secure- prefix). */
export const SESSION_COOKIE = 'next-auth.session-token';

export async function decodeSessionCookie(value: string): Promise<JWT | null> {
  return decode({ token: value, secret: checkEnv().nextauthSecret });
}
