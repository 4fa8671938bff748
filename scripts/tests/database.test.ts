import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineOrder, startDatabase, type Database } from '../db/launch.ts';
import { packageBin, repoRoot, scratchDir } from '../lib/paths.ts';
import { freePort } from '../lib/ports.ts';
import { stopAll, type Env } from '../lib/processes.ts';

describe('choosing a database engine', () => {
  it('when MONGODB_URI is set, then that server is used and nothing is started', () => {
    expect(engineOrder({ MONGODB_URI: 'mongodb://db.example:27017' })).toEqual(['external']);
  });

  it('when nothing is set, then a real mongod is tried first and FerretDB second', () => {
    expect(engineOrder({})).toEqual(['memory', 'ferretdb']);
  });

  it('when DB_ENGINE names an engine, then only that one is tried', () => {
    expect(engineOrder({ DB_ENGINE: 'ferretdb', MONGODB_URI: 'mongodb://x' })).toEqual([
      'ferretdb',
    ]);
  });

  it('when DB_ENGINE is not an engine, then the error lists the engines', () => {
    expect(() => engineOrder({ DB_ENGINE: 'postgres' })).toThrow(/external, memory, ferretdb/);
  });

  it('when no engine can be had, then the error names the three ways and shows no stack trace', () => {
    // No Go on the PATH, an empty cache, FerretDB forced: nothing can start.
    const result = spawnSync(
      process.execPath,
      [packageBin('tsx/dist/cli.mjs'), 'scripts/db/launch-cli.ts'],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {
          PATH: dirname(process.execPath),
          DB_ENGINE: 'ferretdb',
          WORKSHOP_CACHE_DIR: scratchDir('empty-cache'),
        } as Env as NodeJS.ProcessEnv,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MONGODB_URI');
    expect(result.stderr).toContain('mongodb-memory-server');
    expect(result.stderr).toContain('FerretDB');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('the engine this machine starts', () => {
  let database: Database;
  const User = mongoose.model(
    'EngineCheckUser',
    new mongoose.Schema({ email: { type: String, unique: true } }),
  );

  beforeAll(async () => {
    database = await startDatabase();
    await mongoose.connect(`${database.uri}engine_check`);
    await User.init();
  });

  afterAll(async () => {
    await mongoose.disconnect();
    await database?.stop();
    await stopAll();
  });

  it('when a second user has the same email, then the unique index rejects it with code 11000', async () => {
    await User.create({ email: 'same@example.com' });
    await expect(User.create({ email: 'same@example.com' })).rejects.toMatchObject({ code: 11000 });
    expect(await User.countDocuments()).toBe(1);
  });

  it('when the client reconnects, then the document is still there', async () => {
    await mongoose.disconnect();
    await mongoose.connect(`${database.uri}engine_check`);
    expect(await User.findOne({ email: 'same@example.com' }).lean()).toMatchObject({
      email: 'same@example.com',
    });
  });

  it.skipIf(process.env.MONGODB_URI)(
    'when the server restarts on its port, then the document survives',
    async () => {
      await mongoose.disconnect();
      await database.restart();
      await mongoose.connect(`${database.uri}engine_check`);
      expect(await User.countDocuments({ email: 'same@example.com' })).toBe(1);
    },
  );
});

describe('npm run db -- --port', () => {
  const runDb = (args: string[]) =>
    spawnSync(
      process.execPath,
      [packageBin('tsx/dist/cli.mjs'), 'scripts/db/launch-cli.ts', ...args],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 20_000,
      },
    );

  it('when a port is given, then the database listens there, ready to paste as MONGODB_URI', async () => {
    const port = await freePort();
    const database = await startDatabase(process.env, { port });
    try {
      expect(database.uri).toBe(`mongodb://127.0.0.1:${port}/`);
      // Now the port is taken: a second `npm run db` on it says so and what to do.
      const second = runDb(['--port', String(port)]);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`Port ${port} is taken`);
      expect(second.stderr).toContain(`MONGODB_URI=mongodb://127.0.0.1:${port}/workshop`);
    } finally {
      await database.stop();
    }
  });

  it('when the port is not a number, then it is a usage error (exit 2)', () => {
    const result = runDb(['--port', 'abc']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--port abc is not a port');
  });
});
