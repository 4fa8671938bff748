// Where things are: the repository root, the cache outside it, and per-run scratch folders.
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Binaries built once per machine (FerretDB) live here, outside the repository. */
export const cacheDir =
  process.env.WORKSHOP_CACHE_DIR ??
  join(
    process.env.LOCALAPPDATA ?? process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'nextauth-workshop',
  );

/** Logs and reports of runs: git-ignored. */
export const outputDir = join(repoRoot, '.workshop');

const scratchDirs: string[] = [];

/** A new empty folder in the system's temp folder, removed when this process exits. */
export function scratchDir(prefix: string): string {
  if (scratchDirs.length === 0) {
    process.on('exit', () => {
      for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = mkdtempSync(join(tmpdir(), `workshop-${prefix}-`));
  scratchDirs.push(dir);
  return dir;
}

/** Path of a Node CLI shipped by a package installed at the root, run with this Node. */
export function packageBin(relativePath: string): string {
  return join(repoRoot, 'node_modules', relativePath);
}
