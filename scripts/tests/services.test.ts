// The runner reports only on processes it started: a backend is ready when it has said that it
// listens and /api/health answers, not when something on its port answers.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabase, type Database } from '../db/launch.ts';
import { repoRoot } from '../lib/paths.ts';
import { stopAll } from '../lib/processes.ts';
import { startBackend } from '../lib/services.ts';
import { startStranger, type Stranger } from './support/stranger.ts';

const backendDir = join(repoRoot, 'steps', '03-express-backend', 'backend');
const secret = 'a-secret-for-the-services-test-that-is-long-enough';
let database: Database;
let stranger: Stranger;

beforeAll(async () => {
  database = await startDatabase();
  // Another run's backend, say: it holds the port and answers every request with 200.
  stranger = await startStranger();
}, 120_000);

afterAll(async () => {
  await stranger?.close();
  await stopAll();
  await database?.stop();
});

describe('starting a backend', () => {
  it("when another program on its port answers /api/health 200, then the start fails with our backend's own error, not as ready", async () => {
    const start = startBackend({
      dir: backendDir,
      port: stranger.port,
      name: 'services-test-backend',
      env: { MONGODB_URI: `${database.uri}services_test`, JWT_SECRET: secret, NODE_ENV: 'test' },
    });

    await expect(start, 'A backend that could not listen must not count as ready').rejects.toThrow(
      /exited \(1\)[\s\S]*EADDRINUSE/,
    );
  }, 90_000);

  it('when its port is free, then it is ready once it says it listens and /api/health answers', async () => {
    const backend = await startBackend({
      dir: backendDir,
      name: 'services-test-backend-free',
      env: { MONGODB_URI: `${database.uri}services_test`, JWT_SECRET: secret, NODE_ENV: 'test' },
    });
    try {
      const health = await fetch(`${backend.url}/api/health`);
      expect(health.status).toBe(200);
      expect(backend.process.tail()).toMatch(/API listening on/);
    } finally {
      await backend.stop();
    }
  }, 90_000);
});
