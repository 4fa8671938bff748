// Sign-ins and limit events that ended, and that nobody shows again, must not pile up: the
// backend removes them without any request asking (src/services/expired-documents.ts). On
// MongoDB a TTL index does it, within the minute its TTL monitor takes; on FerretDB v1, which
// has no TTL index, the backend's own sweep, at start and then once a minute. This check starts
// a backend of its own on a database of its own, holding documents that expired before it.
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBackend, type Service } from '../../../scripts/lib/services.ts';
import { env } from './support/backend.ts';
import { backendSettings } from './support/backend-config.ts';

const COLLECTIONS = ['refreshtokens', 'refreshfamilies', 'limitevents'];
const NOT_IMPLEMENTED = 238;

let connection: mongoose.Connection;
let backend: Service | undefined;
let engineHasTtlIndexes = false;

/** The run's database server, with a database of this check's own. */
function ownDatabaseUri(): string {
  const uri = new URL(env.mongodbUri);
  uri.pathname = `/expiry_${randomUUID().slice(0, 8)}`;
  return uri.toString();
}

async function probeTtlIndexes(): Promise<boolean> {
  try {
    await connection.collection('ttl_probe').createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === NOT_IMPLEMENTED) return false;
    throw error;
  }
}

const userId = new mongoose.Types.ObjectId();
const ended = new Date(Date.now() - 60_000);
const later = new Date(Date.now() + 3_600_000);

/** One ended and one live document for each collection; unique fields get unique values. */
function documents(collection: string, expiresAt: Date, label: string) {
  const id = `${label}-${randomUUID()}`;
  if (collection === 'refreshtokens')
    return { tokenHash: id, userId, familyId: id, slot: `first:${id}`, expiresAt };
  if (collection === 'refreshfamilies') return { _id: id as never, userId, expiresAt };
  return { _id: `check:${id}#1` as never, key: `check:${id}`, expiresAt };
}

beforeAll(async () => {
  const uri = ownDatabaseUri();
  connection = await mongoose
    .createConnection(uri, { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  engineHasTtlIndexes = await probeTtlIndexes();
  for (const name of COLLECTIONS) {
    await connection
      .collection(name)
      .insertMany([documents(name, ended, 'ended'), documents(name, later, 'live')]);
  }
  backend = await startBackend({
    dir: env.backendDir,
    name: 'expiry-backend',
    env: backendSettings({
      MONGODB_URI: uri,
    }),
  });
}, 90_000);

afterAll(async () => {
  await backend?.stop();
  await connection?.dropDatabase().catch(() => {});
  await connection?.close();
});

const count = (name: string, expiresAt: Date) =>
  connection.collection(name).countDocuments({ expiresAt });

describe('when refresh tokens, families and limit events have expired and nobody shows them again', () => {
  test('then the backend deletes them without a request asking, and keeps the live ones', async () => {
    // MongoDB's TTL monitor runs once a minute; the sweep runs when the backend starts.
    const timeout = engineHasTtlIndexes ? 75_000 : 10_000;
    for (const name of COLLECTIONS) {
      await expect
        .poll(() => count(name, ended), {
          timeout,
          interval: 250,
          message: `Expired documents in "${name}" should be deleted by the backend on its own: a TTL index on expiresAt (MongoDB), or a sweep started with the server (FerretDB)`,
        })
        .toBe(0);
      expect(
        await count(name, later),
        `Only expired documents may go: the one in "${name}" that is still valid must stay`,
      ).toBe(1);
    }
  }, 90_000);
});
