// The machine the figures come from: they mean little without it.
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { git, hasGit } from '../../lib/git.ts';
import { repoRoot } from '../../lib/paths.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  database: string;
  /** The commit measured, and whether steps/06-refresh-tokens had changes not yet committed. */
  code: string;
  /** 1-minute load average when the bench started and ended (0 on Windows). */
  load: { start: number; end?: number };
}

function codeVersion(): string {
  if (!hasGit()) return 'not a git checkout';
  const commit =
    git(repoRoot, ['rev-parse', '--short', 'HEAD'], { allowFailure: true }).stdout.trim() ||
    'no commit';
  const changed = git(repoRoot, ['status', '--porcelain', '--', 'steps/06-refresh-tokens'], {
    allowFailure: true,
  }).stdout.trim();
  return changed ? `${commit} + changes not committed yet in steps/06-refresh-tokens` : commit;
}

/** FerretDB's version as this repository pins it (an embedded build reports "unknown"). */
function pinnedFerretdbVersion(): string {
  try {
    const goMod = readFileSync(join(repoRoot, 'scripts', 'ferretdb', 'go.mod'), 'utf8');
    return /github\.com\/FerretDB\/FerretDB (v[\w.-]+)/.exec(goMod)?.[1] ?? '';
  } catch {
    return '';
  }
}

/** Engine and version, from buildInfo (FerretDB adds its own fields there). */
async function databaseVersion(engine: string): Promise<string> {
  try {
    const info = (await mongoose.connection.db!.admin().command({ buildInfo: 1 })) as {
      version?: string;
      ferretdbVersion?: string;
    };
    if (info.ferretdbVersion !== undefined) {
      const version =
        info.ferretdbVersion !== 'unknown' ? info.ferretdbVersion : pinnedFerretdbVersion();
      return `FerretDB ${version} on SQLite (answers as MongoDB ${info.version ?? '?'})`.replace(
        '  ',
        ' ',
      );
    }
    return `MongoDB ${info.version ?? '?'} (${engine})`;
  } catch {
    return engine;
  }
}

export async function describeMachine(engine: string): Promise<Machine> {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${platform()} ${release()}`,
    database: await databaseVersion(engine),
    code: codeVersion(),
    load: { start: loadavg()[0]! },
  };
}
