// The learner's record: each `npm run check N` stores its result here, and `npm run progress`
// reads it back (which steps are green, where you are). Kept in .workshop/, so it survives
// restarts and is never committed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputDir } from './paths.ts';
import { comparableContent, hashFiles, listFiles } from './tree.ts';

export interface CheckRecord {
  finishedAt: string;
  passed: number;
  failed: number;
  /** The first failing checks, for the summary. */
  failing: string[];
  /** A hash of frontend/ and backend/ when the run started: a later edit makes it stale. */
  workspace: string;
}

/** Step number -> its newest full run (a filtered run proves only part of a step). */
export type Progress = Record<string, CheckRecord>;

const progressFile = (dir: string) => join(dir, 'progress.json');

/** A hash of the workspace's source files (what `npm run check` tests). */
export function workspaceHash(root: string): string {
  const hash = createHash('sha256');
  for (const app of ['frontend', 'backend']) {
    const dir = join(root, app);
    hashFiles(hash, dir, listFiles(dir), { prefix: `${app}/`, read: comparableContent });
  }
  return hash.digest('hex').slice(0, 16);
}

export function readProgress(dir = outputDir): Progress {
  if (!existsSync(progressFile(dir))) return {};
  try {
    return JSON.parse(readFileSync(progressFile(dir), 'utf8')) as Progress;
  } catch {
    return {}; // cut short by a stopped run: start a new record
  }
}

export function recordCheck(step: number, record: CheckRecord, dir = outputDir): void {
  const progress = readProgress(dir);
  progress[String(step)] = record;
  mkdirSync(dir, { recursive: true });
  writeFileSync(progressFile(dir), `${JSON.stringify(progress, null, 2)}\n`);
}
