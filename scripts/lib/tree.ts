// Lists, compares and copies app folders, leaving out what is built or installed.
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
const isIgnored = (name: string) =>
  ignoredNames.has(name) ||
  name.endsWith('.tsbuildinfo') ||
  (name.startsWith('.env') && name !== '.env.example');

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

/** True when the app folder has .env files of its own (settings a copy of the step does not have). */
export function hasEnvFiles(dir: string): boolean {
  return (
    existsSync(dir) &&
    readdirSync(dir).some((name) => name.startsWith('.env') && name !== '.env.example')
  );
}

export const isSame = (difference: TreeDifference) =>
  difference.onlyInFirst.length + difference.onlyInSecond.length + difference.changed.length === 0;

/**
 * Replaces the source files of `to` with those of `from` and gives the copy its package
 * name. What listFiles leaves out (node_modules, builds, your .env) stays where it is.
 */
/** Copies the source files of `from` (listFiles: no node_modules, builds or .env files) into `to`. */
export function copySources(from: string, to: string): void {
  for (const file of listFiles(from)) cpSync(join(from, file), join(to, file));
}

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
