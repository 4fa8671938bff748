// Lists, compares, hashes and copies app folders, leaving out what is built or installed.
import type { Hash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Never part of an app's source: installed, built, generated or secret. */
const ignoredNames = new Set([
  'node_modules',
  '.next',
  '.next-dev',
  'next-env.d.ts',
  'test-results',
  'playwright-report',
  '.turbo',
  'dist',
  'coverage',
]);
/** Settings of your own (the example is the app's source). */
const isEnvFile = (name: string) => name.startsWith('.env') && name !== '.env.example';
const isIgnored = (name: string) =>
  ignoredNames.has(name) || name.endsWith('.tsbuildinfo') || isEnvFile(name);

/** Paths (with '/') of the source files under dir, sorted. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (isIgnored(entry.name)) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

/**
 * The package name is the one line that must differ between copies of an app
 * (npm workspaces need unique names), so it is left out of comparisons.
 */
export function comparableContent(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('package.json')) return text;
  const { name: _name, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify(rest, null, 2);
}

/**
 * Feeds the files of dir into hash, each as its path (after `prefix`) and its content as
 * `read` gives it, NUL after each: two sets of files feed the same bytes only when they are
 * the same files with the same contents.
 */
export function hashFiles(
  hash: Hash,
  dir: string,
  files: string[],
  { prefix = '', read = (path: string): string | Buffer => readFileSync(path) } = {},
): Hash {
  for (const file of files)
    hash
      .update(`${prefix}${file}\0`)
      .update(read(join(dir, file)))
      .update('\0');
  return hash;
}

export interface TreeDifference {
  onlyInFirst: string[];
  onlyInSecond: string[];
  changed: string[];
}

export function compareTrees(first: string, second: string): TreeDifference {
  const a = listFiles(first);
  const b = listFiles(second);
  const inB = new Set(b);
  const inA = new Set(a);
  return {
    onlyInFirst: a.filter((file) => !inB.has(file)),
    onlyInSecond: b.filter((file) => !inA.has(file)),
    changed: a.filter(
      (file) =>
        inB.has(file) &&
        comparableContent(join(first, file)) !== comparableContent(join(second, file)),
    ),
  };
}

/** The .env files at the top of the app folder: settings a copy of the step does not have. */
export const envFiles = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter(isEnvFile) : [];

export const hasEnvFiles = (dir: string) => envFiles(dir).length > 0;

export const isSame = (difference: TreeDifference) =>
  difference.onlyInFirst.length + difference.onlyInSecond.length + difference.changed.length === 0;

/** Copies the source files of `from` (listFiles: no node_modules, builds or .env files) into `to`. */
export function copySources(from: string, to: string): void {
  for (const file of listFiles(from)) cpSync(join(from, file), join(to, file));
}

/**
 * Replaces the source files of `to` with those of `from` and gives the copy its package
 * name. What listFiles leaves out (node_modules, builds, your .env) stays where it is.
 */
export function copyApp(from: string, to: string, packageName: string): void {
  for (const file of listFiles(to)) rmSync(join(to, file));
  // The folders inside, not `to` itself: a running `npm run dev` has it as its working folder.
  if (existsSync(to)) {
    for (const entry of readdirSync(to, { withFileTypes: true }))
      if (entry.isDirectory() && !isIgnored(entry.name)) removeEmptyFolders(join(to, entry.name));
  }
  copySources(from, to);
  const manifest = join(to, 'package.json');
  if (existsSync(manifest)) {
    const content = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifest, `${JSON.stringify({ ...content, name: packageName }, null, 2)}\n`);
  }
}

function removeEmptyFolders(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !isIgnored(entry.name)) removeEmptyFolders(join(dir, entry.name));
  }
  if (readdirSync(dir).length === 0) rmdirSync(dir);
}
