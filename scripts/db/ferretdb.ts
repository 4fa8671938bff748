// Finds, or builds once per machine, our small FerretDB program (scripts/ferretdb/main.go).
// Run directly to build it: `npx tsx scripts/db/ferretdb.ts`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cacheDir, repoRoot } from '../lib/paths.ts';
import { log, UserError } from '../lib/log.ts';
import { runToEnd } from '../lib/processes.ts';

const sourceDir = join(repoRoot, 'scripts', 'ferretdb');
const sourceFiles = ['main.go', 'go.mod', 'go.sum'];
const exe = process.platform === 'win32' ? '.exe' : '';

/** The cached binary's path: it changes when the Go sources change, so an old build is never used. */
export function ferretdbCachePath(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles) hash.update(readFileSync(join(sourceDir, file)));
  return join(cacheDir, `ferretdb-${hash.digest('hex').slice(0, 12)}`, `ferretdb-embedded${exe}`);
}

/** FERRETDB_BIN when set, else the cached build, else undefined. */
export function findFerretdb(): string | undefined {
  if (process.env.FERRETDB_BIN) {
    if (!existsSync(process.env.FERRETDB_BIN)) {
      throw new UserError(
        `FERRETDB_BIN points at ${process.env.FERRETDB_BIN}, which does not exist.`,
      );
    }
    return process.env.FERRETDB_BIN;
  }
  const cached = ferretdbCachePath();
  return existsSync(cached) ? cached : undefined;
}

/** The Go version as [major, minor], or undefined when Go is not installed. */
export function goVersion(): [number, number] | undefined {
  const result = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  const match = result.status === 0 ? /go(\d+)\.(\d+)/.exec(result.stdout) : null;
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function canBuildFerretdb(): boolean {
  const version = goVersion();
  return version !== undefined && (version[0] > 1 || version[1] >= 24);
}

/** Builds the binary into the cache (about 2-3 minutes the first time; Go caches the rest). */
export async function buildFerretdb(): Promise<string> {
  if (!canBuildFerretdb()) {
    throw new UserError(
      'Building FerretDB needs Go 1.24 or newer on the PATH (https://go.dev/dl/).',
    );
  }
  const target = ferretdbCachePath();
  log.step(
    `Building FerretDB once for this machine into ${target} (a few minutes the first time)…`,
  );
  const { code, tail } = await runToEnd(
    'go build',
    'go',
    ['build', '-trimpath', '-o', target, '.'],
    {
      cwd: sourceDir,
      env: { ...process.env, CGO_ENABLED: '0' },
    },
  );
  if (code !== 0) throw new UserError(`go build of FerretDB failed (exit ${code}):\n${tail}`);
  log.ok('FerretDB built');
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const existing = findFerretdb();
  if (existing) log.ok(`FerretDB is already built: ${existing}`);
  else
    buildFerretdb().catch((error: Error) => {
      log.fail(error.message);
      process.exit(1);
    });
}
