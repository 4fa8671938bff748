// Refresh tokens are random strings with no meaning of their own: the database row is what
// makes one valid, so it can be rotated, revoked and expired from the server.
import { createHmac, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits), URL- and cookie-safe. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database stores instead of the token: a SHA-256 HMAC keyed with
 * JWT_REFRESH_SECRET. A copy of the database alone gives no usable token, and changing the
 * key ends every sign-in at once.
 */
export function hashToken(token: string, key: string): string {
  return createHmac('sha256', key).update(token).digest('hex');
}
