// What changed in frontend/ and backend/ between two states of the code (a step, the start,
// or your workspace): used by `npm run diff`, `npm run diff:docs` and `npm run reset`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatPatch, structuredPatch } from 'diff';
import ignore from 'ignore';
import { UserError } from './log.ts';
import { parseStep, stepList, type Step } from './steps.ts';
import { listFiles } from './tree.ts';

/** The two app folders a diff compares, in the order git sorts them. */
export const apps = ['backend', 'frontend'] as const;
export type App = (typeof apps)[number];

/** The package name an app has in the workspace (and in the step branches). */
export const workspacePackageName = (app: App) => `@workshop/${app}`;

/** One state of the code: a step's folder, the empty start, or the learner's workspace. */
export interface Side {
  /** Short name for file names: "03", "00", "workspace". */
  label: string;
  /** For people: "step 3 (express backend)". */
  title: string;
  /** The folder that holds this side's app, or undefined when it has none. */
  appDir(app: App): string | undefined;
}

const existing = (dir: string) => (existsSync(dir) ? dir : undefined);

export function stepSide(step: Step): Side {
  return {
    label: String(step.number).padStart(2, '0'),
    title: `step ${step.number} (${step.title})`,
    appDir: (app) => existing(join(step.dir, app)),
  };
}

export function workspaceSide(root: string): Side {
  return {
    label: 'workspace',
    title: 'your workspace',
    appDir: (app) => existing(join(root, app)),
  };
}

export const startSide: Side = {
  label: '00',
  title: 'the start (no code yet)',
  appDir: () => undefined,
};

export const sideHelp = (steps: Step[]) =>
  `The steps are:\n${stepList(steps)}\nAlso: 0 = the start (no code yet), w or workspace = your frontend/ and backend/.`;

/** Turns a command-line argument into a side: a step number, 0, or w/workspace. */
export function parseSide(argument: string | undefined, steps: Step[], root: string): Side {
  const wanted = argument?.trim() ?? '';
  if (wanted === 'w' || wanted === 'workspace') return workspaceSide(root);
  if (/^0+$/.test(wanted)) return startSide;
  try {
    return stepSide(parseStep(wanted, steps));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(
      `${wanted ? `"${wanted}" is not a step.` : 'Which step?'} ${sideHelp(steps)}`,
      2,
    );
  }
}

/** The side after `first` when the user names only one: the next step that exists. */
export function nextSide(first: Side, steps: Step[]): Side {
  if (first === startSide && steps[0]) return stepSide(steps[0]);
  const number = Number(first.label);
  const next = steps.find((step) => step.number > number);
  if (first.label === 'workspace' || !next) {
    const last = steps.at(-1)?.number ?? 1;
    throw new UserError(
      `Compare ${first.title} with what? Name the second side, e.g. \`npm run diff ${last} w\`. ${sideHelp(steps)}`,
      2,
    );
  }
  return stepSide(next);
}

/** Lockfiles: long, generated, and not what a step is about. */
const lockfiles = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
]);

/**
 * Which paths (frontend/..., backend/...) a diff leaves out: lockfiles, plus the patterns of
 * the root .diffignore (gitignore syntax). Build output, node_modules and .env files other
 * than .env.example are already left out by listFiles.
 */
export function noiseFilter(root: string): (path: string) => boolean {
  const patterns = ignore();
  const file = join(root, '.diffignore');
  if (existsSync(file)) patterns.add(readFileSync(file, 'utf8'));
  return (path) => lockfiles.has(path.split('/').at(-1) ?? '') || patterns.ignores(path);
}

export interface FileChange {
  /** frontend/... or backend/... */
  path: string;
  status: 'added' | 'deleted' | 'modified';
  binary: boolean;
  added: number;
  deleted: number;
  oldSize: number;
  newSize: number;
  /** Git-style unified diff of this file (what `git apply` reads). */
  patch: string;
}

interface FileState {
  content: Buffer;
  mode: string;
}

const isBinary = (content: Buffer) => content.subarray(0, 8000).includes(0);
const modeOf = (path: string) =>
  process.platform !== 'win32' && statSync(path).mode & 0o111 ? '100755' : '100644';

/**
 * A file as it is compared: line endings as LF (a Windows checkout is not a change), and an
 * app's package name as in the workspace, since that one line must differ between copies.
 */
function comparableText(path: string, content: Buffer): string {
  const text = content.toString('utf8').replace(/\r\n/g, '\n');
  const app = apps.find((candidate) => path === `${candidate}/package.json`);
  return app ? withPackageName(text, workspacePackageName(app)) : text;
}

/** The manifest text with its top-level "name" set to `name`, the rest of the text untouched. */
export function withPackageName(text: string, name: string): string {
  let current: unknown;
  try {
    current = (JSON.parse(text) as { name?: unknown }).name;
  } catch {
    return text;
  }
  if (typeof current !== 'string') return text;
  const escaped = JSON.stringify(current).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(
    new RegExp(`("name"\\s*:\\s*)${escaped}`),
    (_match, key: string) => `${key}${JSON.stringify(name)}`,
  );
}

function readSide(side: Side, keep: (path: string) => boolean): Map<string, FileState> {
  const files = new Map<string, FileState>();
  for (const app of apps) {
    const dir = side.appDir(app);
    if (!dir) continue;
    for (const file of listFiles(dir)) {
      const path = `${app}/${file}`;
      if (!keep(path)) continue;
      const full = join(dir, file);
      files.set(path, { content: readFileSync(full), mode: modeOf(full) });
    }
  }
  return files;
}

/** Every file that differs between the two sides, sorted by path like git. */
export function diffSides(first: Side, second: Side, root: string): FileChange[] {
  const isNoise = noiseFilter(root);
  const keep = (path: string) => !isNoise(path);
  const before = readSide(first, keep);
  const after = readSide(second, keep);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: FileChange[] = [];
  for (const path of paths) {
    const change = diffFile(path, before.get(path), after.get(path));
    if (change) changes.push(change);
  }
  return changes;
}

function diffFile(
  path: string,
  before: FileState | undefined,
  after: FileState | undefined,
): FileChange | undefined {
  const binary = Boolean(
    (before && isBinary(before.content)) || (after && isBinary(after.content)),
  );
  const oldText = before && !binary ? comparableText(path, before.content) : '';
  const newText = after && !binary ? comparableText(path, after.content) : '';
  const sameContent = binary
    ? Boolean(before && after && before.content.equals(after.content))
    : before !== undefined && after !== undefined && oldText === newText;
  if (sameContent && before?.mode === after?.mode) return undefined;

  const patch = structuredPatch(`a/${path}`, `b/${path}`, oldText, newText, undefined, undefined, {
    context: 3,
  });
  patch.isGit = true;
  if (!before) {
    patch.oldFileName = '/dev/null';
    patch.isCreate = true;
    patch.newMode = after!.mode;
  } else if (!after) {
    patch.newFileName = '/dev/null';
    patch.isDelete = true;
    patch.oldMode = before.mode;
  } else if (before.mode !== after.mode) {
    patch.oldMode = before.mode;
    patch.newMode = after.mode;
  }
  if (binary) patch.hunks = [];
  let text = formatPatch(patch);
  if (binary && !sameContent)
    text += `Binary files ${before ? `a/${path}` : '/dev/null'} and ${after ? `b/${path}` : '/dev/null'} differ\n`;

  const lines = patch.hunks.flatMap((hunk) => hunk.lines);
  return {
    path,
    status: !before ? 'added' : !after ? 'deleted' : 'modified',
    binary,
    added: lines.filter((line) => line.startsWith('+')).length,
    deleted: lines.filter((line) => line.startsWith('-')).length,
    oldSize: before?.content.length ?? 0,
    newSize: after?.content.length ?? 0,
    patch: text,
  };
}

/** The whole change as one git-style patch. */
export const joinPatches = (changes: FileChange[]) =>
  changes.map((change) => change.patch).join('');
