// Issuing, rotating and revoking refresh tokens (used by src/controllers/auth.controller.ts).
// The original guide signed a 7-day JWT and never stored it: it could not be rotated, taken
// back or even logged out, so a stolen one worked for the whole week.
import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { hashToken, newOpaqueToken } from '../lib/opaque-token.ts';
import { RefreshToken } from '../models/refresh-token.model.ts';

export interface RefreshTokenSettings {
  /** JWT_REFRESH_SECRET: keys the stored hashes. */
  key: string;
  /** REFRESH_TOKEN_TTL: how long one sign-in (one family) lasts at most. */
  ttlMs: number;
  /** REFRESH_REUSE_LEEWAY: how long a token that was just rotated is still accepted. */
  reuseLeewayMs: number;
}

export interface IssuedRefreshToken {
  /** Goes to the client in the cookie; only its hash is stored. */
  token: string;
  userId: string;
  /** The family's absolute expiry: rotating never extends a sign-in. */
  expiresAt: Date;
}

export type RotationFailure = 'unknown' | 'revoked' | 'expired' | 'reused';
export type RotationResult = ({ ok: true } & IssuedRefreshToken) | { ok: false; reason: RotationFailure };

export function refreshTokenService({ key, ttlMs, reuseLeewayMs }: RefreshTokenSettings) {
  /** Stores a new token of the family and returns it. */
  async function addToFamily(userId: string | Types.ObjectId, familyId: string, expiresAt: Date): Promise<IssuedRefreshToken> {
    const token = newOpaqueToken();
    await RefreshToken.create({ tokenHash: hashToken(token, key), userId, familyId, expiresAt });
    return { token, userId: String(userId), expiresAt };
  }

  /** The app's own TTL index: FerretDB has none, and the expiresAt index makes this cheap. */
  async function removeExpired(now: Date): Promise<void> {
    await RefreshToken.deleteMany({ expiresAt: { $lte: now } });
  }

  async function revokeFamily(familyId: string, now: Date): Promise<void> {
    await RefreshToken.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: now } });
  }

  /** A new family for a new sign-in. */
  async function issue(userId: string): Promise<IssuedRefreshToken> {
    const now = new Date();
    await removeExpired(now);
    return addToFamily(userId, randomUUID(), new Date(now.getTime() + ttlMs));
  }

  /** Swaps a refresh token for a new one of the same family, or says why it cannot. */
  async function rotate(token: string): Promise<RotationResult> {
    const now = new Date();
    await removeExpired(now);
    const tokenHash = hashToken(token, key);
    const next = newOpaqueToken();
    const nextHash = hashToken(next, key);

    // One atomic step claims the token: of two requests racing with it, exactly one
    // matches `rotatedAt: null` and wins. No transaction needed (FerretDB has none).
    const claimed = await RefreshToken.findOneAndUpdate(
      { tokenHash, rotatedAt: null, revokedAt: null, expiresAt: { $gt: now } },
      { $set: { rotatedAt: now, replacedBy: nextHash } },
    );
    if (claimed) {
      await RefreshToken.create({ tokenHash: nextHash, userId: claimed.userId, familyId: claimed.familyId, expiresAt: claimed.expiresAt });
      return { ok: true, token: next, userId: String(claimed.userId), expiresAt: claimed.expiresAt };
    }

    const found = await RefreshToken.findOne({ tokenHash });
    if (!found) return { ok: false, reason: 'unknown' };
    if (found.revokedAt) return { ok: false, reason: 'revoked' };
    if (found.expiresAt <= now) return { ok: false, reason: 'expired' };

    // Rotated a moment ago: a second request (another tab, a retry) was already on its way
    // with it. It gets a token of its own in the same family. The successor cannot be handed
    // out again: only its hash is stored.
    const rotatedAt = found.rotatedAt ?? now;
    if (now.getTime() - rotatedAt.getTime() <= reuseLeewayMs) {
      return { ok: true, ...(await addToFamily(found.userId, found.familyId, found.expiresAt)) };
    }

    // Rotated long ago and shown again: two parties hold copies of one token, and we cannot
    // tell the thief from the owner. End the whole sign-in; the owner signs in again.
    await revokeFamily(found.familyId, now);
    return { ok: false, reason: 'reused' };
  }

  /** Logout: ends the sign-in the token belongs to. Unknown tokens are ignored. */
  async function revokeFamilyOf(token: string): Promise<void> {
    const found = await RefreshToken.findOne({ tokenHash: hashToken(token, key) });
    if (found) await revokeFamily(found.familyId, new Date());
  }

  return { issue, rotate, revokeFamilyOf };
}
