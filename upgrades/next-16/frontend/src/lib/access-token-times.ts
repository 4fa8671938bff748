// When an access token expires, read from the token itself (used by the jwt callback in
// src/lib/auth-options.ts). The frontend does not verify the token, and cannot: only the
// backend has the key. It only reads the times, to refresh before the backend says no.
import { z } from 'zod';

const claims = z.object({ iat: z.number(), exp: z.number() });

export interface AccessTokenTimes {
  /** Milliseconds since 1970, like Date.now(). */
  expiresAt: number;
  lifetimeMs: number;
}

export function readAccessTokenTimes(accessToken: string): AccessTokenTimes {
  const payload = accessToken.split('.')[1] ?? '';
  const parsed = claims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  if (!parsed.success) throw new Error('The access token has no iat/exp claims');
  return {
    expiresAt: parsed.data.exp * 1000,
    lifetimeMs: (parsed.data.exp - parsed.data.iat) * 1000,
  };
}

/**
 * True when the token should be swapped now: within 30 s of its expiry, or within the last
 * third of its life for short-lived tokens (a 15-minute token at 14:30, a 5-second one at 3.3 s).
 */
export function expiresSoon(times: AccessTokenTimes, now = Date.now()): boolean {
  const margin = Math.min(30_000, times.lifetimeMs / 3);
  return now >= times.expiresAt - margin;
}
