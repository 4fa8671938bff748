// Keeps the code in the chapters honest: a fenced block whose info string names a file
// (```tsx title="frontend/src/pages/login.tsx") must show that file of the step as it is,
// whole or as an excerpt. Used by scripts/verify-listings.ts and its tooling test.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { apps, withPackageName, workspacePackageName } from './app-diff.ts';
import type { Step } from './steps.ts';

/** A line that stands for "some lines left out here" in a listing (trimmed). */
export const skipMarkers = new Set(['// ...', '/* ... */', '{/* ... */}', '# ...', '<!-- ... -->']);

export interface Listing {
  /** 1-based line of the opening fence in the chapter. */
  line: number;
  /** The file the block names, relative to the step folder. */
  title: string;
  language: string;
  /** The block's lines, each with its line number in the chapter. */
  lines: { text: string; line: number }[];
}

export interface ListingProblem {
  chapter: string;
  line: number;
  file: string;
  message: string;
}

const fenceOpen = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** A fenced code block of a chapter, titled or not. */
export interface Block {
  /** 1-based line of the opening fence in the chapter. */
  line: number;
  /** What follows the opening fence: `ts title="backend/src/app.ts"`, `bash`, ''. */
  info: string;
  /** The block's lines, each with its line number in the chapter. */
  lines: { text: string; line: number }[];
}

/** Every fenced code block of a chapter, in order. */
export function readBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const open = fenceOpen.exec(lines[index]!);
    if (!open) continue;
    const [, indent = '', fence = '', info = ''] = open;
    const closing = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: Block['lines'] = [];
    let end = index + 1;
    for (; end < lines.length && !closing.test(lines[end]!); end += 1) {
      // Inside a list item the block is indented: that indentation is not part of the code.
      const text = lines[end]!;
      const cut = Math.min(indent.length, text.length - text.trimStart().length);
      body.push({ text: text.slice(cut), line: end + 1 });
    }
    blocks.push({ line: index + 1, info: info.trim(), lines: body });
    index = end;
  }
  return blocks;
}

/** The block as a listing when its info string has a title; undefined for prose blocks. */
export function asListing(block: Block): Listing | undefined {
  const title = /\btitle=(?:"([^"]+)"|'([^']+)')/.exec(block.info);
  if (!title) return undefined;
  const language = block.info.split(/\s+/)[0] ?? '';
  return {
    line: block.line,
    title: (title[1] ?? title[2])!,
    language: language.startsWith('title=') ? '' : language,
    lines: block.lines,
  };
}

/** The titled code blocks of a chapter (blocks without title="..." are prose, not listings). */
export function readListings(markdown: string): Listing[] {
  return readBlocks(markdown).flatMap((block) => asListing(block) ?? []);
}

type Line = { text: string; line: number };

/** True when the listing leaves lines out (`// ...` and the like): it shows part of its file. */
export const isExcerpt = (listing: Listing) =>
  listing.language !== 'diff' && listing.lines.some(({ text }) => skipMarkers.has(text.trim()));

/**
 * The listing as the lines the file must contain, cut into runs at the skip markers. A `diff`
 * listing shows the new file: removed lines are dropped, and `@@` lines skip like markers.
 */
export function segments(listing: Listing): Line[][] {
  const isDiff = listing.language === 'diff';
  const runs: Line[][] = [[]];
  for (const { text, line } of listing.lines) {
    let code = text;
    if (isDiff) {
      if (code.startsWith('-')) continue;
      if (code.startsWith('@@')) {
        runs.push([]);
        continue;
      }
      if (code.startsWith('+') || code.startsWith(' ')) code = code.slice(1);
    }
    if (skipMarkers.has(code.trim())) {
      runs.push([]);
      continue;
    }
    runs.at(-1)!.push({ text: code.trimEnd(), line });
  }
  // Blank lines around a skip (and at the block's ends) are layout, not code.
  return runs
    .map((run) => {
      let start = 0;
      let end = run.length;
      while (start < end && run[start]!.text === '') start += 1;
      while (end > start && run[end - 1]!.text === '') end -= 1;
      return run.slice(start, end);
    })
    .filter((run) => run.length > 0);
}

const matchesAt = (file: string[], run: Line[], at: number) =>
  run.every((line, offset) => file[at + offset] === line.text);

/** undefined when the listing shows the file truthfully; otherwise what is wrong, for the author. */
export function compareListing(
  listing: Listing,
  fileText: string,
  fileName = listing.title,
): string | undefined {
  const file = fileText
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd());
  const runs = segments(listing);
  if (runs.length === 0) return undefined;
  let from = 0;
  for (const run of runs) {
    let found = -1;
    for (let at = from; at + run.length <= file.length; at += 1) {
      if (matchesAt(file, run, at)) {
        found = at;
        break;
      }
    }
    if (found >= 0) {
      from = found + run.length;
      continue;
    }
    return explainMismatch(file, run, from, fileName);
  }
  return undefined;
}

/** Points at the first listing line that differs, at the place in the file where most lines agree. */
function explainMismatch(file: string[], run: Line[], from: number, fileName: string): string {
  let best = { at: -1, agree: 0 };
  for (let at = from; at < file.length; at += 1) {
    const agree = run.filter((line, offset) => file[at + offset] === line.text).length;
    if (agree > best.agree) best = { at, agree };
  }
  if (best.at < 0) {
    const first = run[0]!;
    const where = from > 0 ? ` after line ${from}` : '';
    return `chapter line ${first.line} \`${first.text.trim()}\` is not in ${fileName}${where} (a left-out part needs a \`// ...\` line)`;
  }
  const offset = run.findIndex((line, index) => file[best.at + index] !== line.text);
  const wrong = run[offset]!;
  const fileLine = best.at + offset;
  const actual = fileLine < file.length ? `\`${file[fileLine]!.trim()}\`` : 'the end of the file';
  return `chapter line ${wrong.line} \`${wrong.text.trim()}\` should be ${actual} (${fileName} line ${fileLine + 1})`;
}

/** Checks every titled listing of one step's chapter against the step's files. */
export function verifyChapter(
  step: Step,
  root: string,
): { chapter: boolean; checked: number; problems: ListingProblem[] } {
  const chapterPath = join(step.dir, 'README.md');
  const chapter = relative(root, chapterPath).split('\\').join('/');
  if (!existsSync(chapterPath)) return { chapter: false, checked: 0, problems: [] };
  const problems: ListingProblem[] = [];
  const listings = readListings(readFileSync(chapterPath, 'utf8'));
  for (const listing of listings) {
    const problem = (message: string) =>
      problems.push({ chapter, line: listing.line, file: listing.title, message });
    const path = resolve(step.dir, listing.title);
    const inside = relative(step.dir, path);
    if (isAbsolute(listing.title) || inside.startsWith('..')) {
      problem(
        `title="${listing.title}" must be a path inside the step folder, such as frontend/src/pages/index.tsx`,
      );
    } else if (!existsSync(path)) {
      problem(
        `steps/${step.folder}/${listing.title} does not exist (the title is relative to the step folder)`,
      );
    } else {
      const message = compareListing(
        listing,
        asInWorkspace(listing.title, readFileSync(path, 'utf8')),
      );
      if (message) problem(message);
    }
  }
  return { chapter: true, checked: listings.length, problems };
}

/**
 * A chapter shows a file as it is in the learner's workspace: an app's package.json there is
 * named @workshop/frontend or @workshop/backend, not after the step.
 */
function asInWorkspace(title: string, text: string): string {
  const app = apps.find((name) => title === `${name}/package.json`);
  return app ? withPackageName(text, workspacePackageName(app)) : text;
}

export const formatProblem = (problem: ListingProblem) =>
  `${problem.chapter}:${problem.line} (${problem.file}): ${problem.message}`;
