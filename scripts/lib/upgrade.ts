// upgrades/next-16/frontend: the newest step's frontend on a supported Next.js (docs/upgrade.md).
// It is a copy of that frontend except for the files the upgrade changes; `npm run sync` keeps
// the rest equal, and the tooling test upgrade.test.ts fails when they drift.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compareTrees, listFiles } from './tree.ts';

export const upgrade = { name: 'next-16', dir: join('upgrades', 'next-16', 'frontend') };

/** The upgrade's own files; every other file is the step's. */
export const upgradeOwnFiles = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'README.md',
  'src/proxy.ts',
];
/** The step's files the upgrade replaces: Next.js 16 calls the middleware src/proxy.ts. */
export const replacedFiles: Record<string, string> = { 'src/middleware.ts': 'src/proxy.ts' };

const kept = (file: string) => !upgradeOwnFiles.includes(file) && !(file in replacedFiles);

/** Makes the upgrade's copied files those of the step's frontend (its own files stay). */
export function syncUpgrade(root: string, stepFrontend: string): string[] {
  const target = join(root, upgrade.dir);
  if (!existsSync(target)) return [];
  for (const file of listFiles(target)) if (kept(file)) rmSync(join(target, file));
  const copied = listFiles(stepFrontend).filter(kept);
  for (const file of copied) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(stepFrontend, file), join(target, file));
  }
  return copied;
}

/** Code lines only: the upgrade may say other things in its comments. */
const code = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('//'))
    .join('\n');

/** How the upgrade differs from the step's frontend beyond its own files; empty when it does not. */
export function upgradeDrift(root: string, stepFrontend: string): string[] {
  const target = join(root, upgrade.dir);
  const difference = compareTrees(stepFrontend, target);
  const problems = [
    ...difference.changed.filter(kept).map((file) => `${file} differs from the step's`),
    ...difference.onlyInFirst.filter(kept).map((file) => `${file} is missing`),
    ...difference.onlyInSecond.filter(kept).map((file) => `${file} is not in the step`),
  ];
  for (const [file, replacement] of Object.entries(replacedFiles)) {
    const step = join(stepFrontend, file);
    const own = join(target, replacement);
    if (
      existsSync(step) &&
      existsSync(own) &&
      code(readFileSync(step, 'utf8')) !== code(readFileSync(own, 'utf8'))
    )
      problems.push(`${replacement} does not do what the step's ${file} does (its code differs)`);
  }
  return problems;
}
