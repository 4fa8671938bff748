// What reset and take share before they replace files of the workspace: they refuse while git
// does not hold the learner's work there (unless --force), and they copy it to
// .workshop/backups/ either way, so that even a forced run loses nothing.
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isGitRepo, uncommittedChanges } from './git.ts';

/** Installed or built: not worth a backup, and restored by `npm install` / the next build. */
const notBackedUp = new Set(['node_modules', '.next', '.next-dev']);

/**
 * The `git status --porcelain` lines of what git does not hold under the paths, or undefined
 * when the folder is no git repository, where nothing can be told to be safe.
 */
export function unsavedChanges(root: string, paths: string[]): string[] | undefined {
  return isGitRepo(root) ? uncommittedChanges(root, paths) : undefined;
}

/** The way past a refusal, and why it is safe: "run `npm run reset 2 -- --force`: …". */
export const forceAdvice = (command: string, whatIsCopied: string) =>
  `run \`${command} -- --force\`: ${whatIsCopied} is copied to .workshop/backups/ first`;

const holdsWork = (path: string) =>
  existsSync(path) &&
  (!statSync(path).isDirectory() || readdirSync(path).some((name) => !notBackedUp.has(name)));

/** .workshop/backups/<label><time>/, made new: a second backup in the same millisecond gets -2. */
function newBackupFolder(root: string, label: string, now: Date): string {
  let backup = join(
    root,
    '.workshop',
    'backups',
    `${label}${now.toISOString().replace(/[:.]/g, '-')}`,
  );
  for (let attempt = 2; existsSync(backup); attempt += 1)
    backup = `${backup.replace(/-\d+$/, '')}-${attempt}`;
  mkdirSync(backup, { recursive: true });
  return backup;
}

/**
 * Copies the files and folders of root at `paths` (your .env files too) to a new backup folder
 * and returns it; undefined when none of them holds anything to keep.
 */
export function backUp(
  root: string,
  paths: string[],
  { label = '', now = new Date() }: { label?: string; now?: Date } = {},
): string | undefined {
  const present = paths.filter((path) => holdsWork(join(root, path)));
  if (present.length === 0) return undefined;
  const backup = newBackupFolder(root, label, now);
  for (const path of present) {
    cpSync(join(root, path), join(backup, path), {
      recursive: true,
      filter: (source) => !notBackedUp.has(basename(source)),
    });
  }
  return backup;
}
