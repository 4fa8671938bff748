// `npm run diff <A> [B] [--stat|--html]`: what changed in frontend/ and backend/ from step A to
// step B (B = the next step; w = your workspace). `npm run diff:docs` writes docs/diffs/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  diffSides,
  type FileChange,
  joinPatches,
  nextSide,
  parseSide,
  type Side,
  sideHelp,
} from './lib/app-diff.ts';
import { parseCommandLine, runCommand, acrossStepsRoot } from './lib/cli.ts';
import { writeDiffDocs } from './lib/diff-docs.ts';
import { colourPatch, formatStat, renderHtmlPage, shouldColour } from './lib/diff-output.ts';
import { log, UserError } from './lib/log.ts';
import { listSteps, type Step } from './lib/steps.ts';

const usage = `Usage: npm run diff <A> [B] [--stat | --html]
  A, B    a step number, 0 (the start: no code yet), or w / workspace (your frontend/ and backend/)
          B defaults to the step after A.
  --stat  list the changed files with their +/- counts
  --html  write a side-by-side page to .workshop/diffs/A-B.html and print its path
  --docs  write docs/diffs/NN-MM.diff for every pair of consecutive steps (npm run diff:docs)
Examples: npm run diff 3        npm run diff 3 w        npm run diff 3 4 --stat`;

/** `--docs`: docs/diffs/ rewritten for every pair of consecutive steps. */
function writeDocs(root: string, steps: Step[]): number {
  const { written, removed } = writeDiffDocs(root, steps);
  for (const name of written) log.ok(`wrote docs/diffs/${name}`);
  for (const name of removed)
    log.ok(`removed docs/diffs/${name} (no longer a pair of consecutive steps)`);
  if (written.length + removed.length === 0) log.ok('docs/diffs/ is current');
  return 0;
}

/** `--html`: the side-by-side page in .workshop/diffs/, and its path. */
function writeHtmlPage(root: string, changes: FileChange[], first: Side, second: Side): void {
  const page = join(root, '.workshop', 'diffs', `${first.label}-${second.label}.html`);
  mkdirSync(join(root, '.workshop', 'diffs'), { recursive: true });
  writeFileSync(page, renderHtmlPage(joinPatches(changes), first, second));
  log.ok(
    `From ${first.title} to ${second.title}: ${changes.length} file(s) changed. Open it in your browser:`,
  );
  // A file:// address: terminals make it a link to click.
  console.log(`  ${pathToFileURL(page).href}`);
}

function main(): number {
  const args = process.argv.slice(2);
  const { values, positionals } = parseCommandLine(
    args,
    {
      stat: { type: 'boolean' },
      html: { type: 'boolean' },
      docs: { type: 'boolean' },
    },
    usage,
  );
  // `npm run diff 3 4 --stat` (without `--`) keeps the flag for npm, which hands it over as npm_config_stat.
  values.stat ||= process.env.npm_config_stat === 'true';
  values.html ||= process.env.npm_config_html === 'true';
  const root = values.docs ? acrossStepsRoot('diff:docs', []) : acrossStepsRoot('diff', args);
  const steps = listSteps(join(root, 'steps'));
  if (steps.length === 0)
    throw new UserError(`There are no step folders under ${join(root, 'steps')}.`);

  if (values.docs) return writeDocs(root, steps);

  if (positionals.length === 0 || positionals.length > 2)
    throw new UserError(`${usage}\n\n${sideHelp(steps)}`, 2);
  const first = parseSide(positionals[0], steps, root);
  const second =
    positionals[1] === undefined ? nextSide(first, steps) : parseSide(positionals[1], steps, root);
  const changes = diffSides(first, second, root);
  const colour = shouldColour();

  if (values.html) {
    writeHtmlPage(root, changes, first, second);
    if (!values.stat) return 0;
  }
  if (changes.length === 0) {
    console.log(`No changes in frontend/ or backend/ from ${first.title} to ${second.title}.`);
    return 0;
  }
  if (values.stat) {
    console.log(`From ${first.title} to ${second.title}:`);
    console.log(formatStat(changes, colour));
    return 0;
  }
  process.stdout.write(colourPatch(joinPatches(changes), colour));
  if (process.stdout.isTTY) {
    console.log(
      `\n${changes.length} file(s) changed from ${first.title} to ${second.title}. Also: --stat, --html.`,
    );
  }
  return 0;
}

runCommand(main);
