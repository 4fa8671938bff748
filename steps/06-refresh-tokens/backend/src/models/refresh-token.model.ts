import { model, Schema, Types } from 'mongoose';

/**
 * One refresh token. All tokens of one sign-in share a `familyId` (src/models/refresh-family.model.ts)
 * and its absolute expiry: a refresh hands out a new token of the family and marks the old one
 * `rotatedAt`.
 */
export interface RefreshTokenFields {
  /** HMAC of the token (src/lib/opaque-token.ts); the token itself is never stored. */
  tokenHash: string;
  userId: Types.ObjectId;
  familyId: string;
  /** When the sign-in ends, whatever happens. Checked in code; deleted later (see below). */
  expiresAt: Date;
  createdAt: Date;
  rotatedAt: Date | null;
  /** Hash of the token this one was swapped for (for tracing a family). */
  replacedBy: string | null;
  /**
   * The token's place in its family, unique: "first:<familyId>" for the sign-in's token,
   * "next:<hash>" for the successor of the token with that hash, "leeway:<hash>" for the one
   * extra token the reuse leeway allows. A refresh claims the old token by inserting its
   * successor: of requests racing with one token, the unique index lets exactly one in.
   */
  slot: string;
  revokedAt: Date | null;
}

const refreshTokenSchema = new Schema<RefreshTokenFields>(
  {
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    familyId: { type: String, required: true, index: true },
    slot: { type: String, required: true, unique: true },
    // Not indexed here: src/services/expired-documents.ts makes it a TTL index where the engine
    // has them (MongoDB), and a plain one for its own sweep where not (FerretDB v1).
    expiresAt: { type: Date, required: true },
    // Explicit nulls, so "not rotated" and "not revoked" are plain equality filters.
    rotatedAt: { type: Date, default: null },
    replacedBy: { type: String, default: null },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const RefreshToken = model<RefreshTokenFields>('RefreshToken', refreshTokenSchema);
