// Issuing, rotating and revoking refresh tokens (used by src/controllers/auth.controller.ts).
// The original guide signed a 7-day JWT and never stored it: it could not be rotated, taken
// back or even logged out, so a stolen one worked for the whole week.
import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import { hashToken, newOpaqueToken } from '../lib/opaque-token.ts';
import { RefreshFamily } from '../models/refresh-family.model.ts';
import { RefreshToken } from '../models/refresh-token.model.ts';
import { limitCounter } from './limit-counters.ts';

export interface RefreshTokenSettings {
  /** JWT_REFRESH_SECRET: keys the stored hashes. */
  key: string;
  /** REFRESH_TOKEN_TTL: how long one sign-in (one family) lasts at most. */
  ttlMs: number;
  /** REFRESH_REUSE_LEEWAY: how long a token that was just rotated is still accepted. */
  reuseLeewayMs: number;
  /** REFRESH_MAX_PER_MINUTE: refreshes one sign-in may make in a minute. */
  maxPerMinute: number;
}

export interface IssuedRefreshToken {
  /** Goes to the client in the cookie; only its hash is stored. */
  token: string;
  userId: string;
  /** The family's absolute expiry: rotating never extends a sign-in. */
  expiresAt: Date;
}

export type RotationFailure = 'unknown' | 'revoked' | 'expired' | 'reused';
export type RotationResult =
  | ({ ok: true } & IssuedRefreshToken)
  | { ok: false; reason: RotationFailure }
  | { ok: false; reason: 'too-many'; retryAfterMs: number };

const DUPLICATE_KEY = 11000;
const isDuplicate = (error: unknown) => (error as { code?: unknown }).code === DUPLICATE_KEY;

export function refreshTokenService({
  key,
  ttlMs,
  reuseLeewayMs,
  maxPerMinute,
}: RefreshTokenSettings) {
  const refreshesPerFamily = limitCounter({
    name: 'refresh-family',
    max: maxPerMinute,
    windowMs: 60_000,
  });

  /**
   * Stores a new token of the family in `slot` and returns it, or undefined when the slot is
   * taken: another request got there first. Only inserts decide races here, never updates:
   * FerretDB v1 applies an update as "read, change, write back" without a lock, so two
   * requests could both "claim" one token with a conditional update. A unique index holds.
   */
  async function addToFamily(
    userId: string | Types.ObjectId,
    familyId: string,
    expiresAt: Date,
    slot: string,
  ) {
    const token = newOpaqueToken();
    try {
      await RefreshToken.create({
        tokenHash: hashToken(token, key),
        userId,
        familyId,
        expiresAt,
        slot,
      });
    } catch (error) {
      if (isDuplicate(error)) return undefined;
      throw error;
    }
    return { token, userId: String(userId), expiresAt } satisfies IssuedRefreshToken;
  }

  /**
   * Hands out a token just stored, unless its family was revoked in the meantime: then the
   * family's tokens, this one included, are revoked. revokeFamily() marks the family before its
   * tokens, so either this read sees the mark, or the token was stored before revokeFamily()
   * went through the tokens. Either way a logout or a detected reuse wins over a refresh that
   * was already on its way.
   */
  async function confirmed(
    issued: IssuedRefreshToken,
    familyId: string,
    now: Date,
  ): Promise<RotationResult> {
    const family = await RefreshFamily.findById(familyId).lean();
    if (family && !family.revokedAt) return { ok: true, ...issued };
    await RefreshToken.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: now } });
    return { ok: false, reason: 'revoked' };
  }

  async function removeFamily(familyId: string): Promise<void> {
    await Promise.all([
      RefreshToken.deleteMany({ familyId }),
      RefreshFamily.deleteOne({ _id: familyId }),
    ]);
  }

  async function revokeFamily(familyId: string, now: Date): Promise<void> {
    await RefreshFamily.updateOne({ _id: familyId, revokedAt: null }, { $set: { revokedAt: now } });
    await RefreshToken.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: now } });
  }

  /** A new family for a new sign-in. */
  async function issue(userId: string): Promise<IssuedRefreshToken> {
    const now = new Date();
    const familyId = randomUUID();
    const expiresAt = new Date(now.getTime() + ttlMs);
    await RefreshFamily.create({ _id: familyId, userId, expiresAt });
    return (await addToFamily(userId, familyId, expiresAt, `first:${familyId}`))!;
  }

  /** Swaps a refresh token for a new one of the same family, or says why it cannot. */
  async function rotate(token: string): Promise<RotationResult> {
    const now = new Date();
    const tokenHash = hashToken(token, key);
    const shown = await RefreshToken.findOne({ tokenHash }).lean();
    if (!shown) return { ok: false, reason: 'unknown' };
    // A revoked family is caught by confirmed() below, after the claim.
    if (shown.revokedAt) return { ok: false, reason: 'revoked' };
    // The TTL index or the sweep (src/services/expired-documents.ts) deletes it later; a token
    // shown after its expiry ends its sign-in now.
    if (shown.expiresAt <= now) {
      await removeFamily(shown.familyId);
      return { ok: false, reason: 'expired' };
    }

    // A client refreshing in a loop (a bug, or a thief keeping a stolen token alive) is slowed
    // down per sign-in. Per address would not work: every refresh comes from the Next.js server.
    const refreshes = await refreshesPerFamily.add(shown.familyId, now);
    if (!refreshes.allowed)
      return {
        ok: false,
        reason: 'too-many',
        retryAfterMs: refreshes.retryAt.getTime() - now.getTime(),
      };

    // The successor's slot is named after this token: of requests racing with it, one wins.
    const successor = await addToFamily(
      shown.userId,
      shown.familyId,
      shown.expiresAt,
      `next:${tokenHash}`,
    );
    if (successor) {
      const [result] = await Promise.all([
        confirmed(successor, shown.familyId, now),
        // For the record (and for tracing a family); the slot above is what decided.
        RefreshToken.updateOne(
          { tokenHash },
          { $set: { rotatedAt: now, replacedBy: hashToken(successor.token, key) } },
        ),
      ]);
      return result;
    }

    // Rotated a moment ago: a second request (another tab, a retry) was already on its way
    // with it. It gets a token of its own in the same family, once: a third request with the
    // same token is no longer a race, and each extra token would be a branch of the sign-in
    // that reuse detection never sees. The successor cannot be handed out again: only its
    // hash is stored.
    const rotatedAt =
      (await RefreshToken.findOne({ slot: `next:${tokenHash}` }).lean())?.createdAt ?? now;
    if (now.getTime() - rotatedAt.getTime() <= reuseLeewayMs) {
      const second = await addToFamily(
        shown.userId,
        shown.familyId,
        shown.expiresAt,
        `leeway:${tokenHash}`,
      );
      if (second) return confirmed(second, shown.familyId, now);
    }

    // Shown again after that: two parties hold copies of one token, and we cannot tell the
    // thief from the owner. End the whole sign-in; the owner signs in again.
    await revokeFamily(shown.familyId, now);
    return { ok: false, reason: 'reused' };
  }

  /** Logout: ends the sign-in the token belongs to. Unknown tokens are ignored. */
  async function revokeFamilyOf(token: string): Promise<void> {
    const found = await RefreshToken.findOne({ tokenHash: hashToken(token, key) });
    if (found) await revokeFamily(found.familyId, new Date());
  }

  return { issue, rotate, revokeFamilyOf };
}
