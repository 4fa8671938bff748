// Running git from the workshop commands (branches, reset): one helper, clear errors.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { UserError } from './log.ts';
import type { Env } from './processes.ts';

export interface GitOptions {
  input?: string;
  env?: Env;
  /** Return a failed command's result instead of throwing. */
  allowFailure?: boolean;
}

export interface GitResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function git(cwd: string, args: string[], options: GitOptions = {}): GitResult {
  const result = spawnSync('git', args, {
    cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    maxBuffer: 256 * 1024 * 1024,
    windowsHide: true,
  });
  if (result.error) {
    if (!existsSync(cwd)) throw new UserError(`The folder ${cwd} does not exist.`);
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(
      missing
        ? 'git is not installed (or not on the PATH). Install it from https://git-scm.com and try again.'
        : `git ${args[0]} could not run: ${result.error.message}`,
    );
  }
  const outcome = { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  if (outcome.status !== 0 && !options.allowFailure) {
    throw new Error(`git ${args.join(' ')} failed (${outcome.status}):\n${outcome.stderr.trim()}`);
  }
  return outcome;
}

export function hasGit(): boolean {
  return spawnSync('git', ['--version'], { stdio: 'ignore', windowsHide: true }).status === 0;
}

/** True when dir is inside a git work tree (and git is installed). */
export function isGitRepo(dir: string): boolean {
  if (!hasGit()) return false;
  return (
    git(dir, ['rev-parse', '--is-inside-work-tree'], { allowFailure: true }).stdout.trim() ===
    'true'
  );
}

/** `git status --porcelain` lines for the given paths: uncommitted and untracked files, ignored ones left out. */
export function uncommittedChanges(dir: string, paths: string[]): string[] {
  const { stdout } = git(dir, ['status', '--porcelain', '--untracked-files=all', '--', ...paths]);
  return stdout.split('\n').filter((line) => line.trim() !== '');
}
