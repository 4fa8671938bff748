// How `npm run diff` shows a change: a coloured patch, a --stat summary like git's, or a
// side-by-side HTML page (diff2html).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { styleText } from 'node:util';
import { html as diffToHtml, parse as parseDiff } from 'diff2html';
import type { FileChange, Side } from './app-diff.ts';
import type { Env } from './processes.ts';

/** Colour on a terminal, or when FORCE_COLOR asks for it (and never with NO_COLOR). */
export function shouldColour(
  stream: { isTTY?: boolean } = process.stdout,
  env: Env = process.env,
): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '')
    return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY);
}

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;
const painter = (colour: boolean): Paint =>
  colour ? (style, text) => styleText(style, text) : (_style, text) => text;

/** The patch with git's colours: headers bold, hunk lines cyan, additions green, removals red. */
export function colourPatch(patch: string, colour: boolean): string {
  if (!colour) return patch;
  const paint = painter(true);
  return patch
    .split('\n')
    .map((line) => {
      if (
        /^(diff --git|--- |\+\+\+ |new file mode|deleted file mode|old mode|new mode|Binary files)/.test(
          line,
        )
      )
        return paint('bold', line);
      if (line.startsWith('@@')) return paint('cyan', line);
      if (line.startsWith('+')) return paint('green', line);
      if (line.startsWith('-')) return paint('red', line);
      return line;
    })
    .join('\n');
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** One line per file with its +/- counts, then the totals: the format of `git diff --stat`. */
export function formatStat(changes: FileChange[], colour: boolean, graphWidth = 40): string {
  const paint = painter(colour);
  const nameWidth = Math.max(...changes.map((change) => change.path.length), 0);
  const countWidth = Math.max(
    ...changes.map((change) => String(change.added + change.deleted).length),
    1,
  );
  const largest = Math.max(...changes.map((change) => change.added + change.deleted), 0);
  // Like git: bars shrink in proportion when the largest change would not fit.
  const scale = (count: number) =>
    largest <= graphWidth || count === 0
      ? count
      : Math.max(1, Math.round((count * graphWidth) / largest));
  const lines = changes.map((change) => {
    const name = change.path.padEnd(nameWidth);
    if (change.binary) return ` ${name} | Bin ${change.oldSize} -> ${change.newSize} bytes`;
    const total = String(change.added + change.deleted).padStart(countWidth);
    const bar =
      paint('green', '+'.repeat(scale(change.added))) +
      paint('red', '-'.repeat(scale(change.deleted)));
    return ` ${name} | ${total}${bar ? ` ${bar}` : ''}`;
  });
  const insertions = changes.reduce((sum, change) => sum + change.added, 0);
  const deletions = changes.reduce((sum, change) => sum + change.deleted, 0);
  let summary = ` ${plural(changes.length, 'file')} changed`;
  if (insertions || !deletions) summary += `, ${plural(insertions, 'insertion')}(+)`;
  if (deletions || !insertions) summary += `, ${plural(deletions, 'deletion')}(-)`;
  return [...lines, summary].join('\n');
}

/** Reads the file names back from formatStat's output (the tooling's tests compare them with git's). */
export function statFileNames(stat: string): string[] {
  return stat
    .split('\n')
    .filter((line) => line.includes(' | '))
    .map((line) => line.split(' | ')[0]!.trim());
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!,
  );

/** A self-contained page (styles inlined, works offline) showing the change side by side. */
/**
 * The list of files, then each file: side by side when it changed, on the whole width when it
 * is new or deleted (beside an empty column it would get half of it).
 */
function renderFiles(patch: string): string {
  const files = parseDiff(patch);
  const options = { matching: 'lines', diffStyle: 'word' } as const;
  const each = (list: typeof files) =>
    diffToHtml(list, { ...options, outputFormat: 'side-by-side' });
  // diff2html draws the list in front of the files: what the whole page has more is the list.
  const withList = diffToHtml(files, {
    ...options,
    outputFormat: 'side-by-side',
    drawFileList: true,
  });
  const list = withList.slice(0, withList.length - each(files).length);
  const drawn = files.map((file) =>
    file.isNew || file.isDeleted
      ? diffToHtml([file], { ...options, outputFormat: 'line-by-line' })
      : each([file]),
  );
  return `${list}${drawn.join('\n')}`;
}

export function renderHtmlPage(patch: string, first: Side, second: Side): string {
  const require = createRequire(import.meta.url);
  const css = readFileSync(require.resolve('diff2html/bundles/css/diff2html.min.css'), 'utf8');
  const title = `From ${first.title} to ${second.title}`;
  const body = patch ? renderFiles(patch) : '<p>No changes in frontend/ or backend/.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}
body { font-family: system-ui, sans-serif; margin: 1.5rem; }
h1 { font-size: 1.3rem; }
/* Long lines wrap instead of running out of their column. */
.d2h-code-line, .d2h-code-side-line { white-space: pre-wrap; word-break: break-word; }
.d2h-code-line-ctn { white-space: pre-wrap; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>What changed in <code>frontend/</code> and <code>backend/</code>. Made by <code>npm run diff ${escapeHtml(first.label)} ${escapeHtml(second.label)} --html</code>.</p>
${body}
</body>
</html>
`;
}
