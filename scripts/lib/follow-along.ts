// The follow-along proof: a learner who starts from the end of step N-1 and does only what
// chapter N says (write its whole-file listings, apply its diffs and edits, run its take and
// npm install commands) ends up with step N's apps. Used by scripts/verify-follow.ts and its
// tooling test; the rules are in scripts/README.md ("Following a chapter to the letter").
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { apps, withPackageName, workspacePackageName, type App } from './app-diff.ts';
import {
  asListing,
  isExcerpt,
  readBlocks,
  skipMarkers,
  type Block,
  type Listing,
} from './listings.ts';
import type { Step } from './steps.ts';
import { listFiles } from './tree.ts';

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

/** Where an instruction stands in the chapter, for the messages. */
interface Place {
  section: string;
  line: number;
}

type Instruction =
  | (Place & { kind: 'listing'; listing: Listing })
  | (Place & { kind: 'take'; step: number; path: string })
  | (Place & { kind: 'install'; app: App; specs: string[]; dev: boolean; exact: boolean })
  | (Place & { kind: 'uninstall'; app: App; names: string[] })
  | (Place & { kind: 'remove'; paths: string[] })
  | (Place & { kind: 'reset'; step: number });

/** Files of the apps: frontend/... and backend/... -> text, as the learner's workspace holds them. */
type Files = Map<string, string>;

const shellLanguages = new Set(['bash', 'sh', 'shell', 'console', 'zsh', 'powershell', 'ps1']);

/** The words of a command line, quotes removed; a `#` outside quotes starts a comment. */
function words(line: string): string[] {
  const result: string[] = [];
  let current = '';
  let quote = '';
  let inWord = false;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = '';
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (char === '#' && !inWord) {
      break;
    } else if (/\s/.test(char)) {
      if (inWord) result.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (inWord) result.push(current);
  return result;
}

/** The commands of a shell block: one per line, `\` continuations joined, `&&` and `;` split. */
function commandsOf(block: Block): { words: string[]; line: number }[] {
  const commands: { words: string[]; line: number }[] = [];
  let pending = '';
  let startLine = 0;
  for (const { text, line } of block.lines) {
    if (!pending) startLine = line;
    const trimmed = text.trim().replace(/^\$\s+/, '');
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    const full = pending + trimmed;
    pending = '';
    let command: string[] = [];
    for (const word of words(full)) {
      if (word === '&&' || word === ';' || word === '||') {
        if (command.length > 0) commands.push({ words: command, line: startLine });
        command = [];
      } else command.push(word);
    }
    if (command.length > 0) commands.push({ words: command, line: startLine });
  }
  return commands;
}

const appOf = (path: string) => apps.find((app) => path === app || path.startsWith(`${app}/`));

/** The workspace an `npm install ... -w frontend` names, and the words without that option. */
function workspaceOption(args: string[]): { app?: App; rest: string[] } {
  const rest: string[] = [];
  let app: App | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const name =
      arg === '-w' || arg === '--workspace'
        ? args[++index]
        : arg.startsWith('--workspace=')
          ? arg.slice('--workspace='.length)
          : undefined;
    if (name === undefined) rest.push(arg);
    else app = appOf(name.replace(/^\.\//, '').replace(/\/$/, ''));
  }
  return { app, rest };
}

/** What one command asks for, or undefined when it does not change the apps' files. */
function instructionOf(words: string[], place: Place): Instruction | undefined {
  const [program, verb, ...args] = words;
  if (program === 'npm' && verb === 'run' && args[0] === 'take' && args.length >= 3) {
    return { ...place, kind: 'take', step: Number(args[1]), path: args[2]! };
  }
  if (program === 'npm' && verb === 'run' && args[0] === 'reset' && args.length >= 2) {
    return { ...place, kind: 'reset', step: Number(args[1]) };
  }
  if (program === 'npm' && ['install', 'i', 'add', 'uninstall', 'remove', 'rm'].includes(verb!)) {
    const { app, rest } = workspaceOption(args);
    const specs = rest.filter((arg) => !arg.startsWith('-'));
    if (!app || specs.length === 0) return undefined; // the root's packages, or just installing
    if (['uninstall', 'remove', 'rm'].includes(verb!)) {
      return { ...place, kind: 'uninstall', app, names: specs };
    }
    const flags = new Set(rest.filter((arg) => arg.startsWith('-')));
    return {
      ...place,
      kind: 'install',
      app,
      specs,
      dev: flags.has('-D') || flags.has('--save-dev'),
      exact: flags.has('-E') || flags.has('--save-exact'),
    };
  }
  const removal =
    program === 'rm' ? [verb!, ...args] : program === 'git' && verb === 'rm' ? args : undefined;
  if (removal) {
    const paths = removal.filter((arg) => !arg.startsWith('-') && appOf(arg));
    return paths.length > 0 ? { ...place, kind: 'remove', paths } : undefined;
  }
  return undefined;
}

/** The instructions of a chapter, in the order a learner meets them. */
export function readInstructions(markdown: string): Instruction[] {
  const headings: { line: number; section: string }[] = [];
  markdown
    .replace(/\r\n/g, '\n')
    .split('\n')
    .forEach((text, index) => {
      const heading = /^#{2,3}\s+(.*)$/.exec(text);
      if (heading) headings.push({ line: index + 1, section: heading[1]!.trim() });
    });
  const sectionAt = (line: number) =>
    headings.filter((heading) => heading.line < line).at(-1)?.section ?? '';
  // Headings inside code blocks (`# a comment`) are not sections.
  const blocks = readBlocks(markdown);
  const inBlock = (line: number) =>
    blocks.some((block) => line > block.line && line <= (block.lines.at(-1)?.line ?? block.line));
  headings.splice(0, headings.length, ...headings.filter((heading) => !inBlock(heading.line)));

  const instructions: Instruction[] = [];
  for (const block of blocks) {
    const listing = asListing(block);
    const section = sectionAt(block.line);
    if (listing) {
      if (appOf(listing.title)) {
        instructions.push({ kind: 'listing', listing, section, line: block.line });
      }
      continue;
    }
    if (!shellLanguages.has(block.info.split(/\s+/)[0] ?? '')) continue;
    for (const command of commandsOf(block)) {
      const instruction = instructionOf(command.words, { section, line: command.line });
      if (instruction) instructions.push(instruction);
    }
  }
  return instructions;
}

const toLines = (text: string) => text.replace(/\r\n/g, '\n').split('\n');

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

/** A whole-file listing as the file it makes: blank lines around the code are not part of it. */
function wholeFile(listing: Listing): string {
  const lines = listing.lines.map(({ text }) => text);
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

const sameLine = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.trimEnd() === b.trimEnd();

function findRun(file: string[], run: string[], from: number): number {
  for (let at = from; at + run.length <= file.length; at += 1) {
    if (run.every((line, offset) => sameLine(file[at + offset], line))) return at;
  }
  return -1;
}

/**
 * Applies a `diff` listing the way a learner reads it, without trusting its line numbers:
 * each hunk (cut at `@@` lines and skip markers) is found by its context and `-` lines, in order, and replaced
 * by its context and `+` lines. Returns the new text, or what could not be applied.
 */
export function applyDiff(text: string, listing: Listing): { text: string } | { error: string } {
  const file = toLines(text.replace(/\n$/, ''));
  const hunks: { old: string[]; new: string[]; line: number }[] = [];
  let hunk: (typeof hunks)[number] | undefined;
  for (const { text: raw, line } of listing.lines) {
    if (/^(---|\+\+\+) /.test(raw) || raw.startsWith('\\ ')) continue;
    if (raw.startsWith('@@') || skipMarkers.has(raw.trim())) {
      hunk = undefined;
      continue;
    }
    if (!hunk) {
      hunk = { old: [], new: [], line };
      hunks.push(hunk);
    }
    const mark = raw[0];
    const code = raw.slice(1);
    if (mark === '-') hunk.old.push(code);
    else if (mark === '+') hunk.new.push(code);
    else {
      // A context line; an empty line in the block is an empty context line.
      hunk.old.push(raw === '' ? '' : code);
      hunk.new.push(raw === '' ? '' : code);
    }
  }
  let from = 0;
  for (const { old, new: replacement, line } of hunks) {
    while (old.length > 0 && old[0] === '' && replacement[0] === '') {
      old.shift();
      replacement.shift();
    }
    if (old.length === 0) {
      return { error: `the change at chapter line ${line} has no context lines to find its place` };
    }
    const at = findRun(file, old, from);
    if (at < 0) {
      return {
        error: `the lines the change at chapter line ${line} starts from (\`${old[0]!.trim()}\` ...) are not in the file as the learner has it at that point`,
      };
    }
    file.splice(at, old.length, ...replacement);
    from = at + replacement.length;
  }
  return { text: `${file.join('\n')}\n` };
}

/**
 * How many lines of `run`, from its start (or its end), equal the file's lines from `at` (or
 * before `at`). Lines without a letter or digit (`}`, blank) agree everywhere, so context made
 * of them alone places nothing and counts as none, unless `weak` (the other end is placed).
 */
function agreeing(
  file: string[],
  run: string[],
  at: number,
  fromEnd: boolean,
  weak = false,
): number {
  let count = 0;
  let telling = false;
  while (count < run.length) {
    const fileLine = fromEnd ? file[at - 1 - count] : file[at + count];
    const runLine = fromEnd ? run[run.length - 1 - count] : run[count];
    if (!sameLine(fileLine, runLine)) break;
    telling ||= /[\p{L}\p{N}]/u.test(runLine!);
    count += 1;
  }
  return telling || weak ? count : 0;
}

/** The parts of an excerpt between its skip markers, blank lines kept; and where markers are. */
function excerptParts(listing: Listing) {
  const parts: Line[][] = [[]];
  for (const line of listing.lines) {
    if (skipMarkers.has(line.text.trim())) parts.push([]);
    else parts.at(-1)!.push({ text: line.text.trimEnd(), line: line.line });
  }
  const blank = (part: Line[]) => part.every(({ text }) => text === '');
  return {
    opensWithMarker: blank(parts[0]!),
    endsWithMarker: blank(parts.at(-1)!),
    parts: parts.filter((part) => !blank(part)),
  };
}

type Line = { text: string; line: number };

const trimBlank = (lines: string[], start: boolean, end: boolean) => {
  let from = 0;
  let to = lines.length;
  while (start && from < to && lines[from] === '') from += 1;
  while (end && to > from && lines[to - 1] === '') to -= 1;
  return lines.slice(from, to);
};

/**
 * Where a part's last lines already are: after its head, the nearest place where most of them
 * agree. Closing lines (`});`) count as a tail only right after the head: the part then adds
 * lines between two that are neighbours in the file.
 */
function findTail(
  file: string[],
  lines: string[],
  head: { at: number; length: number },
  from: number,
): { end: number; length: number } {
  let tail = { end: -1, length: 0 };
  const tailFrom = head.at < 0 ? from : head.at + head.length;
  for (let end = tailFrom + 1; end <= file.length; end += 1) {
    const length = Math.min(agreeing(file, lines, end, true), lines.length - head.length);
    if (length > tail.length) tail = { end, length };
  }
  if (head.at < 0 || tail.end >= 0) return tail;
  for (let length = lines.length - head.length; length > 0; length -= 1) {
    const end = tailFrom + length;
    if (agreeing(file, lines, end, true, true) >= length) return { end, length };
  }
  return tail;
}

/**
 * Applies an excerpt (a listing with `// ...` lines) as an edit: what the markers leave out
 * stays as it is, and each shown part replaces the lines between its first and last lines that
 * the file already has (its context). A part with context only at one end is inserted there; a
 * part with none goes at the start (no marker before it) or the end (no marker after it).
 * Returns the new text, or why the learner could not tell where a part goes.
 */
export function applyExcerpt(text: string, listing: Listing): { text: string } | { error: string } {
  const file = toLines(text.replace(/\n$/, ''));
  const { parts, opensWithMarker, endsWithMarker } = excerptParts(listing);
  let from = 0;
  for (const [index, part] of parts.entries()) {
    const raw = part.map(({ text: line }) => line);
    const lines = trimBlank(raw, true, true);
    // The head: the place after `from` where most of the part's first lines are already there.
    let head = { at: -1, length: 0 };
    for (let at = from; at < file.length; at += 1) {
      const length = agreeing(file, lines, at, false);
      if (length > head.length) head = { at, length };
    }
    if (head.length === lines.length) {
      from = head.at + head.length; // context only: nothing to change here
      continue;
    }
    // Blank lines end no context: new lines after them go before them, as a learner adds them.
    while (head.length > 0 && lines[head.length - 1] === '') head.length -= 1;
    const tail = findTail(file, lines, head, from);
    if (head.at < 0 && tail.end < 0) {
      // All new: a part no marker comes before starts the file, one no marker follows ends it
      // (with the blank lines the chapter shows between it and the rest).
      if (index === 0 && !opensWithMarker) {
        const added = trimBlank(raw, true, false);
        file.splice(0, 0, ...added);
        from = added.length;
        continue;
      }
      if (index === parts.length - 1 && !endsWithMarker) {
        file.push(...trimBlank(raw, false, true));
        from = file.length;
        continue;
      }
      return {
        error: `none of the lines from chapter line ${part[0]!.line} are in the file yet, so nothing says where they go`,
      };
    }
    const start = head.at >= 0 ? head.at : tail.end - tail.length;
    const end = tail.end >= 0 ? tail.end : head.at + head.length;
    file.splice(start, end - start, ...lines);
    from = start + lines.length;
  }
  return { text: `${file.join('\n')}\n` };
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
