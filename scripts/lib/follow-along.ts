// The follow-along proof: a learner who starts from the end of step N-1 and does only what
// chapter N says (write its whole-file listings, apply its diffs and edits, run its take and
// npm install commands) ends up with step N's apps. Used by scripts/verify-follow.ts and its
// tooling test; the rules are in scripts/README.md ("Following a chapter to the letter").
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { apps, withPackageName, workspacePackageName } from './app-diff.ts';
import { readInstructions, type Instruction, type Place } from './chapter-instructions.ts';
import { applyDiff, applyExcerpt, toLines, wholeFile } from './listing-edits.ts';
import { isExcerpt } from './listings.ts';
import type { Step } from './steps.ts';
import { listFiles } from './tree.ts';

/** Files of the apps: frontend/... and backend/... -> text, as the learner's workspace holds them. */
type Files = Map<string, string>;

export interface FollowProblem {
  /** steps/NN-name/README.md */
  chapter: string;
  /** The nearest `###` heading above the instruction, or '' when no instruction is to blame. */
  section: string;
  /** The chapter line of the instruction, when one is to blame. */
  line?: number;
  /** frontend/... or backend/... */
  file: string;
  message: string;
}

export interface FollowResult {
  chapter: string;
  /** False when the step has no README.md yet. */
  found: boolean;
  /** How many instructions (listings and commands) the proof carried out. */
  instructions: number;
  /** How many files of the step's apps the chapter's result was compared with. */
  files: number;
  problems: FollowProblem[];
}

/** The text a file is compared by: LF line ends, no trailing spaces, one final newline. */
function normalised(path: string, text: string): string {
  const plain = toLines(text)
    .map((line) => line.trimEnd())
    .join('\n')
    .trimEnd();
  if (!path.endsWith('package.json')) return `${plain}\n`;
  try {
    // Formatting aside (npm writes its own), a manifest is its keys and values, in their order.
    return `${JSON.stringify(JSON.parse(plain), null, 2)}\n`;
  } catch {
    return `${plain}\n`;
  }
}

/** A step's apps as the workspace holds them: paths frontend/..., package names the workspace's. */
export function appFiles(step: Step | undefined): Files {
  const files: Files = new Map();
  if (!step) return files;
  for (const app of apps) {
    for (const file of listFiles(join(step.dir, app))) {
      const text = readFileSync(join(step.dir, app, file), 'utf8');
      files.set(
        `${app}/${file}`,
        file === 'package.json' ? withPackageName(text, workspacePackageName(app)) : text,
      );
    }
  }
  return files;
}

/** npm's own spelling of a dependency: `1.2.3` becomes `^1.2.3` unless --save-exact. */
function savedRange(spec: string, exact: boolean): string | undefined {
  if (/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) return exact ? spec : `^${spec}`;
  if (/^[\^~<>=]/.test(spec) || /^\d+\.\d+\.\d+\s*-/.test(spec)) return spec;
  return undefined; // a tag (latest, next) or a major (14): the version npm picks is unknown
}

function splitSpec(spec: string): { name: string; range?: string } {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at < 0 ? { name: spec } : { name: spec.slice(0, at), range: spec.slice(at + 1) };
}

type Manifest = Record<string, unknown> & {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

const sorted = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b, 'en')));

/** The manifest after `npm install` (written, not installed), or what the command leaves open. */
function installInto(
  text: string | undefined,
  instruction: Extract<Instruction, { kind: 'install' | 'uninstall' }>,
): { text: string } | { error: string } {
  let manifest: Manifest;
  try {
    manifest = text === undefined ? {} : (JSON.parse(text) as Manifest);
  } catch {
    return { error: 'is not valid JSON, so npm could not update it' };
  }
  const groups = ['dependencies', 'devDependencies'] as const;
  if (instruction.kind === 'uninstall') {
    for (const spec of instruction.names) {
      for (const group of groups) delete manifest[group]?.[splitSpec(spec).name];
    }
  } else {
    for (const spec of instruction.specs) {
      const { name, range } = splitSpec(spec);
      const saved = range === undefined ? undefined : savedRange(range, instruction.exact);
      if (saved === undefined) {
        return {
          error: `\`npm install ${spec}\` leaves the version to the day it is run: give the version the step has (${name}@x.y.z, with --save-exact)`,
        };
      }
      // A plain install keeps a development dependency where it is; -D moves it there.
      const group: (typeof groups)[number] =
        instruction.dev || (manifest.devDependencies?.[name] && !manifest.dependencies?.[name])
          ? 'devDependencies'
          : 'dependencies';
      const other: (typeof groups)[number] =
        group === 'dependencies' ? 'devDependencies' : 'dependencies';
      if (instruction.dev) delete manifest[other]?.[name];
      manifest[group] = sorted({ ...(manifest[group] ?? {}), [name]: saved });
    }
  }
  return { text: `${JSON.stringify(manifest, null, 2)}\n` };
}

/** The first line where two texts differ, for the message. */
function firstDifference(path: string, got: string, want: string): string {
  const a = toLines(normalised(path, got));
  const b = toLines(normalised(path, want));
  const index = a.findIndex((line, at) => line !== b[at]);
  const at = index < 0 ? a.length : index;
  const show = (line: string | undefined) =>
    line === undefined || (line === '' && at >= a.length - 1 && at >= b.length - 1)
      ? 'the end of the file'
      : `\`${line.trim()}\``;
  return `line ${at + 1} is ${show(a[at])} where the step has ${show(b[at])}`;
}

/** A learner's workspace while they follow one chapter, and what went wrong so far. */
interface Walk {
  step: Step;
  steps: Step[];
  files: Files;
  /** Which instruction last wrote each file: the place to blame when it differs. */
  writtenBy: Map<string, Place>;
  /** Files the chapter says to take: an excerpt of one is a reading aid, the take brings it. */
  taken: Set<string>;
  problem(place: Place | undefined, file: string, message: string): void;
}

const stepNumbered = (walk: Walk, number: number) =>
  walk.steps.find((candidate) => candidate.number === number);

function writeListing(walk: Walk, instruction: Extract<Instruction, { kind: 'listing' }>): void {
  const { listing } = instruction;
  const path = listing.title;
  const take = `\`npm run take ${walk.step.number} ${path}\``;
  if (listing.language !== 'diff' && !isExcerpt(listing)) {
    walk.files.set(path, wholeFile(listing));
    walk.writtenBy.set(path, instruction);
    return;
  }
  if (walk.taken.has(path)) return;
  const current = walk.files.get(path);
  if (current === undefined) {
    const what = listing.language === 'diff' ? 'diff' : 'excerpt';
    walk.problem(
      instruction,
      path,
      `the ${what} changes a file the learner does not have yet: give it whole, or say ${take}`,
    );
    return;
  }
  const result =
    listing.language === 'diff' ? applyDiff(current, listing) : applyExcerpt(current, listing);
  if ('error' in result) {
    walk.problem(
      instruction,
      path,
      `${result.error}: give the change as a \`diff\` block, the whole file, or ${take}`,
    );
    return;
  }
  walk.files.set(path, result.text);
  walk.writtenBy.set(path, instruction);
}

function takeFile(walk: Walk, instruction: Extract<Instruction, { kind: 'take' }>): void {
  const source = stepNumbered(walk, instruction.step);
  if (!source || instruction.step > walk.step.number) {
    walk.problem(
      instruction,
      instruction.path,
      `\`npm run take ${instruction.step}\` names ${source ? 'a later step' : 'no step'}: a chapter takes files of its own step or an earlier one`,
    );
    return;
  }
  const text = appFiles(source).get(instruction.path);
  if (text === undefined) {
    walk.problem(
      instruction,
      instruction.path,
      `step ${instruction.step} has no such file to take`,
    );
    return;
  }
  walk.files.set(instruction.path, text);
  walk.writtenBy.set(instruction.path, instruction);
}

function changePackages(
  walk: Walk,
  instruction: Extract<Instruction, { kind: 'install' | 'uninstall' }>,
): void {
  const path = `${instruction.app}/package.json`;
  const result = installInto(walk.files.get(path), instruction);
  if ('error' in result) {
    walk.problem(instruction, path, result.error);
    return;
  }
  walk.files.set(path, result.text);
  walk.writtenBy.set(path, instruction);
}

function removeFiles(walk: Walk, instruction: Extract<Instruction, { kind: 'remove' }>): void {
  for (const target of instruction.paths) {
    const prefix = target.replace(/\/+$/, '');
    for (const path of [...walk.files.keys()]) {
      if (path === prefix || path.startsWith(`${prefix}/`)) {
        walk.files.delete(path);
        walk.writtenBy.set(path, instruction);
      }
    }
  }
}

function resetTo(walk: Walk, instruction: Extract<Instruction, { kind: 'reset' }>): void {
  const earlier = instruction.step < walk.step.number;
  if (!earlier || (instruction.step > 0 && !stepNumbered(walk, instruction.step))) {
    walk.problem(
      instruction,
      '',
      `\`npm run reset ${instruction.step}\` would skip what the chapter teaches: a chapter resets to an earlier step at most`,
    );
    return;
  }
  walk.files.clear();
  for (const [path, text] of appFiles(stepNumbered(walk, instruction.step))) {
    walk.files.set(path, text);
  }
}

function carryOut(walk: Walk, instruction: Instruction): void {
  if (instruction.kind === 'listing') writeListing(walk, instruction);
  else if (instruction.kind === 'take') takeFile(walk, instruction);
  else if (instruction.kind === 'remove') removeFiles(walk, instruction);
  else if (instruction.kind === 'reset') resetTo(walk, instruction);
  else changePackages(walk, instruction);
}

/**
 * Compares the walk's files with the step's. A file whose instruction could not be carried out
 * was reported at that instruction, and is not reported again.
 */
function compareWithStep(walk: Walk, target: Files, reported: Set<string>, previous: number) {
  const { files, writtenBy } = walk;
  for (const [path, want] of target) {
    const got = files.get(path);
    if (reported.has(path)) continue;
    if (got === undefined) {
      walk.problem(
        writtenBy.get(path),
        path,
        writtenBy.has(path)
          ? 'the chapter deletes this file, but the step has it'
          : 'missing: no listing, diff, take or npm install in the chapter gives this file',
      );
    } else if (normalised(path, got) !== normalised(path, want)) {
      const place = writtenBy.get(path);
      const untouched = ` (the chapter does not touch it, so it is still step ${previous}'s)`;
      walk.problem(place, path, `${firstDifference(path, got, want)}${place ? '' : untouched}`);
    }
  }
  for (const path of files.keys()) {
    if (target.has(path) || reported.has(path)) continue;
    walk.problem(
      writtenBy.get(path),
      path,
      writtenBy.has(path)
        ? 'extra: the chapter writes this file, but the step does not have it'
        : `extra: left from step ${previous}, and the chapter does not say to delete it`,
    );
  }
}

/**
 * Follows chapter N from the end of step N-1 (`previous`; undefined for the empty start) and
 * compares the result with step N's apps. `chapterText` replaces the README (for the tests).
 */
export function followChapter(
  step: Step,
  previous: Step | undefined,
  root: string,
  steps: Step[],
  chapterText?: string,
): FollowResult {
  const chapterPath = join(step.dir, 'README.md');
  const chapter = relative(root, chapterPath).split('\\').join('/');
  if (chapterText === undefined && !existsSync(chapterPath)) {
    return { chapter, found: false, instructions: 0, files: 0, problems: [] };
  }
  const instructions = readInstructions(chapterText ?? readFileSync(chapterPath, 'utf8'));
  const problems: FollowProblem[] = [];
  const walk: Walk = {
    step,
    steps,
    files: appFiles(previous),
    writtenBy: new Map(),
    taken: new Set(instructions.flatMap((entry) => (entry.kind === 'take' ? [entry.path] : []))),
    problem: (place, file, message) =>
      problems.push({ chapter, section: place?.section ?? '', line: place?.line, file, message }),
  };
  for (const instruction of instructions) carryOut(walk, instruction);
  const target = appFiles(step);
  const reported = new Set(problems.map(({ file }) => file));
  compareWithStep(walk, target, reported, previous?.number ?? 0);
  return { chapter, found: true, instructions: instructions.length, files: target.size, problems };
}

/** Follows every chapter from the end of the step before it. */
export function followSteps(steps: Step[], root: string, only?: Step[]): FollowResult[] {
  return (only ?? steps).map((step) => {
    const index = steps.indexOf(step);
    return followChapter(step, index > 0 ? steps[index - 1] : undefined, root, steps);
  });
}

export const formatFollowProblem = (problem: FollowProblem) => {
  const where = [
    problem.line === undefined ? problem.chapter : `${problem.chapter}:${problem.line}`,
    problem.section ? `§ ${problem.section}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${where} (${problem.file}): ${problem.message}`;
};
