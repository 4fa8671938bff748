// Refresh tokens, their families and limit events are of no use after their `expiresAt`.
// MongoDB deletes them by itself with a TTL index. FerretDB v1 answers "not implemented" to
// one, so there the API sweeps them out once a minute, in the background. Requests never wait
// for either: they compare `expiresAt` with the clock themselves (a TTL index deletes late).
// Started and stopped by src/server.ts.
import { LimitEvent } from '../models/limit-event.model.ts';
import { RefreshFamily } from '../models/refresh-family.model.ts';
import { RefreshToken } from '../models/refresh-token.model.ts';

const NOT_IMPLEMENTED = 238;
const SWEEP_EVERY_MS = 60_000;

const collections = () =>
  [RefreshToken, RefreshFamily, LimitEvent].map((model) => model.collection);

/** true when the engine took the TTL indexes; `expireAfterSeconds: 0` means "at expiresAt". */
async function createTtlIndexes(): Promise<boolean> {
  try {
    for (const collection of collections())
      await collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === NOT_IMPLEMENTED) return false;
    throw error;
  }
}

async function sweep(): Promise<void> {
  const now = new Date();
  await Promise.all(
    collections().map((collection) => collection.deleteMany({ expiresAt: { $lte: now } })),
  );
}

/** Sets up the TTL indexes, or the sweep where there are none; returns what stops it. */
export async function startExpiry(): Promise<{ stop(): void }> {
  if (await createTtlIndexes()) return { stop: () => {} };

  // A plain index keeps each sweep cheap.
  for (const collection of collections()) await collection.createIndex({ expiresAt: 1 });
  const run = () =>
    sweep().catch((error: Error) =>
      console.warn(`Expired tokens not swept (tried again in a minute): ${error.message}`),
    );
  void run();
  // unref: a pending sweep never keeps the process alive.
  const timer = setInterval(run, SWEEP_EVERY_MS).unref();
  return { stop: () => clearInterval(timer) };
}
