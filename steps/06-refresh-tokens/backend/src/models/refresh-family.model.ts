import { model, Schema, Types } from 'mongoose';

/**
 * One sign-in: every refresh token it hands out belongs to this family. Revoking the family
 * ends the sign-in, including a token that a refresh still in flight stores a moment later
 * (src/services/refresh-tokens.ts checks the family after storing it).
 */
export interface RefreshFamilyFields {
  /** A random UUID; the tokens' `familyId`. */
  _id: string;
  userId: Types.ObjectId;
  /** When the sign-in ends, whatever happens. Checked in code; deleted later (src/services/expired-documents.ts). */
  expiresAt: Date;
  revokedAt: Date | null;
}

const refreshFamilySchema = new Schema<RefreshFamilyFields>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    // Indexed by src/services/expired-documents.ts (a TTL index where the engine has them).
    expiresAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

export const RefreshFamily = model<RefreshFamilyFields>('RefreshFamily', refreshFamilySchema);
