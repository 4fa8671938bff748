// The backend's refresh token collection, read directly over MONGODB_URI, to see what the
// backend really stored. Close it in afterAll.
import mongoose from 'mongoose';
import { checkEnv } from '../../../../scripts/checks/env.ts';

/** Mongoose names the collection of the model "RefreshToken" "refreshtokens". */
export const REFRESH_TOKENS_COLLECTION = 'refreshtokens';

export async function openRefreshTokens() {
  const connection = await mongoose
    .createConnection(checkEnv().mongodbUri, { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  const collection = connection.collection(REFRESH_TOKENS_COLLECTION);
  return {
    collection,
    /** Every stored token of the user, oldest first. */
    ofUser: (userId: string) =>
      collection
        .find({ userId: new mongoose.Types.ObjectId(userId) })
        .sort({ createdAt: 1, _id: 1 })
        .toArray(),
    /** How many of the user's tokens were swapped for a new one: one per refresh. */
    rotationsOf: async (userId: string) =>
      (await collection.find({ userId: new mongoose.Types.ObjectId(userId) }).toArray()).filter(
        (row) => row.rotatedAt instanceof Date,
      ).length,
    /** Moves the expiry of all the user's tokens a minute into the past: time passes in the database, not in the check. */
    expireAllOf: (userId: string) =>
      collection.updateMany(
        { userId: new mongoose.Types.ObjectId(userId) },
        { $set: { expiresAt: new Date(Date.now() - 60_000) } },
      ),
    /** Revokes all the user's tokens, as a logout elsewhere or a detected reuse would. */
    revokeAllOf: (userId: string) =>
      collection.updateMany(
        { userId: new mongoose.Types.ObjectId(userId) },
        { $set: { revokedAt: new Date() } },
      ),
    close: () => connection.close(),
  };
}
