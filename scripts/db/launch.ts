// The database launcher used by `dev`, `step`, `check` and the checks themselves.
// Order: MONGODB_URI (your server) -> mongodb-memory-server (a real mongod) -> FerretDB.
// DB_ENGINE=external|memory|ferretdb forces one.
import { existsSync, readFileSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { buildFerretdb, canBuildFerretdb, findFerretdb } from './ferretdb.ts';
import { log, UserError } from '../lib/log.ts';
import { scratchDir } from '../lib/paths.ts';
import { startProcess, type Managed, type Env } from '../lib/processes.ts';

export const engines = ['external', 'memory', 'ferretdb'] as const;
export type Engine = (typeof engines)[number];

export interface Database {
  engine: Engine;
  /** Server address ending in '/': append a database name, e.g. `${uri}workshop`. */
  uri: string;
  stop(): Promise<void>;
  /** Starts the server again on the same port with the same data (for outage checks). */
  restart(): Promise<void>;
  /**
   * The server's process id, so a check can pause it (SIGSTOP) to make a database that
   * accepts connections but never answers; undefined for an external server.
   */
  readonly pid: number | undefined;
}

/**
 * Pauses the database's process (SIGSTOP) and resolves once it has stopped: kill() returns
 * before the process is stopped, and on a busy machine it can still answer a query or two in
 * that moment. Linux shows the state in /proc; elsewhere a short wait stands in for it.
 */
export async function pauseDatabase(database: Database): Promise<void> {
  const pid = database.pid;
  if (pid === undefined) throw new UserError(`A ${database.engine} database cannot be paused.`);
  process.kill(pid, 'SIGSTOP');
  const statFile = `/proc/${pid}/stat`;
  if (!existsSync(statFile)) return new Promise((resolve) => setTimeout(resolve, 200));
  for (const started = Date.now(); Date.now() - started < 5_000;) {
    // The state is the field after the command name, which sits in parentheses.
    const state = readFileSync(statFile, 'utf8').split(') ')[1]?.[0];
    if (state === 'T' || state === 't') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`The database process ${pid} did not stop within 5 s of SIGSTOP.`);
}

/** Lets a paused database run again (SIGCONT). */
export function resumeDatabase(database: Database): void {
  if (database.pid !== undefined) process.kill(database.pid, 'SIGCONT');
}

export const noEngineMessage = `No database engine is available. Pick one of three ways:
  1. Your own MongoDB: set MONGODB_URI (local mongod, Docker, or Atlas), e.g.
       MONGODB_URI=mongodb://127.0.0.1:27017
  2. A machine with internet: mongodb-memory-server downloads mongod on first use.
  3. Offline: install Go 1.24+ and run \`npx tsx scripts/db/ferretdb.ts\` once to build
     FerretDB (or set FERRETDB_BIN to a FerretDB build of ours).`;

export function parseEngine(value: string | undefined): Engine | undefined {
  if (value === undefined || value === '') return undefined;
  if ((engines as readonly string[]).includes(value)) return value as Engine;
  throw new UserError(`DB_ENGINE=${value} is not an engine. Use one of: ${engines.join(', ')}.`);
}

/** Which engines to try, in order, given the environment. */
export function engineOrder(env: Env = process.env): Engine[] {
  const forced = parseEngine(env.DB_ENGINE);
  if (forced) return [forced];
  if (env.MONGODB_URI) return ['external'];
  return ['memory', 'ferretdb'];
}

export interface StartOptions {
  /** A fixed port (`npm run db -- --port 27017`); by default any free one. */
  port?: number;
}

export async function startDatabase(
  env: Env = process.env,
  options: StartOptions = {},
): Promise<Database> {
  const failures: string[] = [];
  for (const engine of engineOrder(env)) {
    try {
      const database = await starters[engine](env, options);
      if (database) return database;
    } catch (error) {
      if (engineOrder(env).length === 1) throw error;
      failures.push(`${engine}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new UserError(
    `${noEngineMessage}${failures.length ? `\n\nTried: ${failures.join('; ')}` : ''}`,
  );
}

const starters: Record<Engine, (env: Env, options: StartOptions) => Promise<Database | undefined>> =
  {
    external: async (env, options) => {
      if (!env.MONGODB_URI) throw new UserError('DB_ENGINE=external needs MONGODB_URI.');
      if (options.port !== undefined) {
        throw new UserError(
          `MONGODB_URI is set, so the workshop starts no database and --port has nothing to do. Unset MONGODB_URI to get one on port ${options.port}.`,
        );
      }
      const url = new URL(env.MONGODB_URI);
      url.pathname = '/';
      const unsupported = async () => {
        throw new UserError('An external database cannot be stopped or restarted by the workshop.');
      };
      return {
        engine: 'external',
        uri: url.toString(),
        stop: async () => {},
        restart: unsupported,
        pid: undefined,
      };
    },

    memory: async (env, options) => {
      // mongodb-memory-server downloads mongod on first use; offline that download only
      // fails after several seconds, so ask DNS first and move on at once without internet.
      if (!env.MONGOMS_SYSTEM_BINARY && !(await canReach('fastdl.mongodb.org'))) {
        if (parseEngine(env.DB_ENGINE) === 'memory') {
          throw new UserError('DB_ENGINE=memory: mongod cannot be downloaded (no internet).');
        }
        return undefined;
      }
      const { MongoMemoryServer } = await import('mongodb-memory-server');
      log.step('Starting mongod (mongodb-memory-server; the first run downloads it)…');
      const server = await MongoMemoryServer.create({
        instance: { ip: '127.0.0.1', port: options.port },
      });
      return {
        engine: 'memory',
        uri: server.getUri().replace(/\/?$/, '/'),
        stop: async () => {
          await server.stop({ doCleanup: true, force: false });
        },
        restart: async () => {
          await server.stop({ doCleanup: false, force: false });
          await server.start(true);
        },
        get pid() {
          return server.instanceInfo?.instance.mongodProcess?.pid;
        },
      };
    },

    ferretdb: async (env, options) => {
      let binary = findFerretdb();
      if (!binary) {
        if (!canBuildFerretdb()) {
          if (parseEngine(env.DB_ENGINE) === 'ferretdb') throw new UserError(noEngineMessage);
          return undefined;
        }
        binary = await buildFerretdb();
      }
      return startFerretdb(binary, options.port ?? 0);
    },
  };

async function canReach(host: string): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 1_500).unref());
  return Promise.race([
    lookup(host).then(
      () => true,
      () => false,
    ),
    timeout,
  ]);
}

async function startFerretdb(binary: string, port: number): Promise<Database> {
  const dataDir = scratchDir('ferretdb');
  let server: Managed | undefined;
  let address = `127.0.0.1:${port}`;

  const launch = async () => {
    const uriLine = new Promise<string>((resolve) => {
      server = startProcess('ferretdb', binary, ['-listen', address, '-dir', dataDir], {
        cwd: dataDir,
        onLine: (line) => line.startsWith('mongodb://') && resolve(line.trim()),
      });
    });
    const ended = server!.exited.then((code) => {
      throw new UserError(`FerretDB exited (${code}) before it listened:\n${server!.tail()}`);
    });
    const uri = await Promise.race([uriLine, ended]);
    address = new URL(uri).host; // restart on the same port
    return uri;
  };

  const uri = await launch();
  return {
    engine: 'ferretdb',
    uri: uri.replace(/\/?$/, '/'),
    // The data stays until this process exits, so that stop() then restart() keeps it.
    stop: async () => {
      await server?.stop();
    },
    restart: async () => {
      await server?.stop();
      await launch();
    },
    get pid() {
      return server?.child.pid;
    },
  };
}
