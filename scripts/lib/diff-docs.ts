// The committed diffs in docs/diffs/ (one NN-MM.diff per pair of consecutive steps, and an
// index), for readers on the web. `npm run diff:docs` writes them; a tooling test keeps them current.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSides, joinPatches, stepSide, type Side } from './app-diff.ts';
import { listSteps, type Step } from './steps.ts';
import { upgrade } from './upgrade.ts';

export const diffsFolder = (root: string) => join(root, 'docs', 'diffs');
const isGenerated = (name: string) =>
  /^\d{2}-(\d{2}|next-\d+)\.diff$/.test(name) || name === 'README.md';

function pairs(steps: Step[]): [Step, Step][] {
  return steps.slice(1).map((step, index) => [steps[index]!, step]);
}

const pairName = (first: Step, second: Step) =>
  `${stepSide(first).label}-${stepSide(second).label}.diff`;

/** File name -> content of everything docs/diffs/ should hold for the steps that exist now. */
export function expectedDiffDocs(
  root: string,
  steps: Step[] = listSteps(join(root, 'steps')),
): Map<string, string> {
  const files = new Map<string, string>();
  const index = [
    '# What changes from step to step',
    '',
    'Each file is the change one step makes to `frontend/` and `backend/`, as a unified diff',
    '(lockfiles and build output left out; the package name, which differs between copies, too).',
    'On your machine, `npm run diff 3 4` shows the same in colour, `--stat` lists the files and',
    '`--html` opens it side by side. These files are written by `npm run diff:docs`.',
    '',
  ];
  for (const [first, second] of pairs(steps)) {
    const changes = diffSides(stepSide(first), stepSide(second), root);
    const header = [
      `From step ${first.number} (${first.title}) to step ${second.number} (${second.title}): what changes in frontend/ and backend/.`,
      `Written by \`npm run diff:docs\`; \`npm run diff ${first.number} ${second.number}\` shows it in colour.`,
      '',
    ].join('\n');
    const body = changes.length ? joinPatches(changes) : '(No changes in frontend/ or backend/.)\n';
    files.set(pairName(first, second), `${header}\n${body}`);
    index.push(
      `- [Step ${first.number} → step ${second.number}](${pairName(first, second)}): ${second.title}, ${changes.length} file${changes.length === 1 ? '' : 's'}`,
    );
  }
  if (files.size === 0) index.push('(There is only one step so far: nothing to compare yet.)');
  const newest = steps.at(-1);
  if (newest && existsSync(join(root, upgrade.dir))) {
    const name = `${stepSide(newest).label}-${upgrade.name}.diff`;
    const finished: Side = {
      ...stepSide(newest),
      appDir: (app) => (app === 'frontend' ? join(newest.dir, app) : undefined),
    };
    const upgraded: Side = {
      label: upgrade.name,
      title: upgrade.dir,
      appDir: (app) => (app === 'frontend' ? join(root, upgrade.dir) : undefined),
    };
    const header = [
      `From step ${newest.number}'s frontend (Next.js 14) to ${upgrade.dir} (Next.js 16): what the upgrade changes (docs/upgrade.md).`,
      'Written by `npm run diff:docs`; `npm run check:upgrade` runs the checks on it.',
      '',
    ].join('\n');
    files.set(name, `${header}\n${joinPatches(diffSides(finished, upgraded, root))}`);
    index.push(
      '',
      `- [Step ${newest.number}'s frontend → Next.js 16](${name}): the upgrade of [docs/upgrade.md](../upgrade.md)`,
    );
  }
  files.set('README.md', `${index.join('\n')}\n`);
  return files;
}

/** Files in docs/diffs/ that are missing, out of date, or left over from steps that changed. */
export function diffDocsProblems(root: string, steps?: Step[]): string[] {
  const folder = diffsFolder(root);
  const expected = expectedDiffDocs(root, steps);
  const problems: string[] = [];
  for (const [name, content] of expected) {
    const path = join(folder, name);
    if (!existsSync(path)) problems.push(`docs/diffs/${name} is missing`);
    else if (readFileSync(path, 'utf8') !== content)
      problems.push(`docs/diffs/${name} is not current`);
  }
  const present = existsSync(folder) ? readdirSync(folder).filter(isGenerated) : [];
  for (const name of present)
    if (!expected.has(name)) problems.push(`docs/diffs/${name} belongs to no pair of steps`);
  return problems;
}

/** Writes docs/diffs/ and removes diffs of pairs that no longer exist. */
export function writeDiffDocs(
  root: string,
  steps?: Step[],
): { written: string[]; removed: string[] } {
  const folder = diffsFolder(root);
  mkdirSync(folder, { recursive: true });
  const expected = expectedDiffDocs(root, steps);
  const written: string[] = [];
  const removed: string[] = [];
  for (const [name, content] of expected) {
    const path = join(folder, name);
    if (existsSync(path) && readFileSync(path, 'utf8') === content) continue;
    writeFileSync(path, content);
    written.push(name);
  }
  for (const name of readdirSync(folder).filter(isGenerated)) {
    if (expected.has(name)) continue;
    rmSync(join(folder, name));
    removed.push(name);
  }
  return { written, removed };
}
