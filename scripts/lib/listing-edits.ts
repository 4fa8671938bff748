// A chapter's listings applied the way a learner reads them: a whole file written out, a
// `diff` applied by its context rather than its line numbers, an excerpt (with `// ...` lines)
// merged into the file it shows part of. Used by the follow-along proof.
import { skipMarkers, type Listing } from './listings.ts';

export const toLines = (text: string) => text.replace(/\r\n/g, '\n').split('\n');

/** A whole-file listing as the file it makes: blank lines around the code are not part of it. */
export function wholeFile(listing: Listing): string {
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
