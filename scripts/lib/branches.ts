// Builds the local branches step-01..step-NN with git plumbing: each branch is one commit
// holding a step's code at the root, chained to the previous step. A temporary index file is
// used throughout, so the current branch, the index and the working tree are never touched.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { apps, withPackageName, workspacePackageName } from './app-diff.ts';
import { git, isGitRepo } from './git.ts';
import { UserError } from './log.ts';
import { scratchDir } from './paths.ts';
import { branchReadme } from './branch-readme.ts';
import { branchMarker, branchName, listSteps, type Step, type StepBranch } from './steps.ts';
import { listFiles } from './tree.ts';
import type { Env } from './processes.ts';

/** Root files and folders a branch needs to install, run and check its apps like the workspace. */
export const rootFiles = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  '.gitignore',
  'eslint.config.js',
  '.prettierrc.json',
  '.prettierignore',
];
export const rootFolders = ['scripts'];
/** The tooling's own tests and the bench need every step: they, and their npm scripts, stay on main. */
const mainOnly = {
  folders: ['scripts/tests/', 'scripts/bench/'],
  scripts: ['test:tooling', 'bench'],
};

/** The trailer that marks a commit as made by this command: only such tips are replaced. */
export const trailer = 'Workshop-Step';
const author = { name: 'Workshop steps', email: 'workshop-steps@localhost' };

/** One file of a branch: copied from disk, or with content of its own (a renamed package). */
interface Entry {
  path: string;
  /** The file on disk: what is copied, or whose mode (executable or not) the content gets. */
  source?: string;
  content?: string;
}

/**
 * What the commit of one step holds: its apps at the root, its checks in steps/NN-name/tests
 * with steps/branch.json saying so, the root config and tooling, the files in docs/ that its
 * chapter or checks name, and its chapter, under a banner, as README.md.
 */
export function branchEntries(root: string, step: Step, steps: Step[] = [step]): Entry[] {
  const entries: Entry[] = [];
  for (const app of apps) {
    const dir = join(step.dir, app);
    if (!existsSync(dir)) continue;
    for (const file of listFiles(dir)) {
      const source = join(dir, file);
      const entry: Entry = { path: `${app}/${file}`, source };
      // The branch runs as the workspace, so its apps carry the workspace package names.
      if (file === 'package.json')
        entry.content = withPackageName(readFileSync(source, 'utf8'), workspacePackageName(app));
      entries.push(entry);
    }
  }
  for (const file of rootFiles) {
    const source = join(root, file);
    if (!existsSync(source)) continue;
    const entry: Entry = { path: file, source };
    const text = () => readFileSync(source, 'utf8');
    if (file === 'package-lock.json') entry.content = branchLockfile(text(), step);
    if (file === 'package.json') entry.content = withoutScripts(text(), mainOnly.scripts);
    entries.push(entry);
  }
  for (const folder of rootFolders) {
    for (const file of listFiles(join(root, folder))) {
      const path = `${folder}/${file}`;
      if (!mainOnly.folders.some((skipped) => path.startsWith(skipped)))
        entries.push({ path, source: join(root, folder, file) });
    }
  }
  const tests = `steps/${step.folder}/tests`;
  for (const file of listFiles(step.testsDir))
    entries.push({ path: `${tests}/${file}`, source: join(step.testsDir, file) });
  const marker: StepBranch = { branch: branchName(step), step: step.folder };
  entries.push({
    path: `steps/${branchMarker}`,
    content: `${JSON.stringify({ about: markerNote, ...marker }, null, 2)}\n`,
  });
  const chapterFile = join(step.dir, 'README.md');
  const chapter = existsSync(chapterFile) ? readFileSync(chapterFile, 'utf8') : '';
  const named = [
    chapter,
    ...listFiles(step.testsDir).map((file) => readFileSync(join(step.testsDir, file), 'utf8')),
  ];
  for (const file of docsNamedIn(root, named))
    entries.push({ path: `docs/${file}`, source: join(root, 'docs', file) });
  if (chapter) {
    const paths = new Set(entries.map((entry) => entry.path));
    entries.push({
      path: 'README.md',
      source: chapterFile,
      content: branchReadme(chapter, step, steps, paths),
    });
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}

const markerNote =
  'Made by `npm run branches`: this branch holds one step of the workshop. Its code is frontend/ and backend/ at the root; its checks are in the step folder beside this file. `npm test` runs them.';

/** The files in docs/ (not its pages, which link across steps; not the diffs) that one of the texts names. */
function docsNamedIn(root: string, texts: string[]): string[] {
  return listFiles(join(root, 'docs')).filter(
    (file) =>
      !file.endsWith('.md') &&
      !file.startsWith('diffs/') &&
      texts.some((text) => text.includes(file) || text.includes(basename(file))),
  );
}

function withoutScripts(text: string, names: string[]): string {
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  for (const name of names) delete manifest.scripts?.[name];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

type LockPackages = Record<string, Record<string, unknown>>;

/**
 * The root lockfile as the branch needs it: the step's app entries become the workspace's
 * (steps/03-x/backend -> backend, @workshop/step-03-backend -> @workshop/backend) and the
 * other steps' entries go, so `npm ci` finds the lockfile in sync with the branch.
 */
export function branchLockfile(text: string, step: Step): string {
  let lock: { packages?: LockPackages };
  try {
    lock = JSON.parse(text) as { packages?: LockPackages };
  } catch {
    return text;
  }
  if (!lock.packages) return text;
  const stepPrefix = `steps/${step.folder}/`;
  const packages: LockPackages = {};
  for (const [location, entry] of Object.entries(lock.packages)) {
    const isApp = apps.some(
      (app) =>
        location === app ||
        location.startsWith(`${app}/`) ||
        location === `node_modules/${workspacePackageName(app)}`,
    );
    if (
      isApp ||
      location.startsWith('steps/') ||
      location.startsWith('node_modules/@workshop/step-')
    )
      continue;
    packages[location] = entry;
  }
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (!location.startsWith(stepPrefix)) continue;
    const app = apps.find(
      (candidate) =>
        location === `${stepPrefix}${candidate}` ||
        location.startsWith(`${stepPrefix}${candidate}/`),
    );
    if (!app) continue;
    const target = location.slice(stepPrefix.length);
    packages[target] = target === app ? { ...entry, name: workspacePackageName(app) } : entry;
    if (target === app)
      packages[`node_modules/${workspacePackageName(app)}`] = { resolved: app, link: true };
  }
  const sorted = Object.keys(packages).sort((a, b) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'),
  );
  return `${JSON.stringify({ ...lock, packages: Object.fromEntries(sorted.map((key) => [key, packages[key]])) }, null, 2)}\n`;
}

export interface BranchResult {
  branch: string;
  step: Step;
  commit: string;
  outcome: 'created' | 'updated' | 'unchanged';
}

interface Existing {
  commit: string;
  ours: boolean;
  subject: string;
}

function existingBranch(root: string, branch: string): Existing | undefined {
  const found = git(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], {
    allowFailure: true,
  });
  if (found.status !== 0) return undefined;
  const commit = found.stdout.trim();
  const [committer = '', subject = '', ...body] = git(root, [
    'log',
    '-1',
    '--format=%cn <%ce>%n%s%n%B',
    commit,
  ]).stdout.split('\n');
  const hasTrailer = new RegExp(`^${trailer}: \\d+$`, 'm').test(body.join('\n'));
  return { commit, subject, ours: hasTrailer && committer === `${author.name} <${author.email}>` };
}

/** Creates or updates the step branches; refuses to replace a branch with commits of your own unless force. */
export function buildBranches(root: string, options: { force?: boolean } = {}): BranchResult[] {
  const steps = stepsToBranch(root);
  const existing = new Map(
    steps.map((step) => [branchName(step), existingBranch(root, branchName(step))]),
  );
  if (!options.force) refuseBranchesOfYourOwn(existing);
  const index = join(scratchDir('branches'), 'index');
  const env = {
    GIT_INDEX_FILE: index,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  const start = stepsTime(root);
  const results: BranchResult[] = [];
  let parent: string | undefined;
  try {
    for (const [position, step] of steps.entries()) {
      // One second per step after the last commit that changed the steps: `git log --all`
      // lists them in order, and the same steps always give the same commits.
      const time = start + position + 1;
      const result = commitStep(root, step, steps, {
        before: existing.get(branchName(step)),
        parent,
        env,
        time,
      });
      results.push(result);
      parent = result.commit;
    }
  } finally {
    rmSync(join(index, '..'), { recursive: true, force: true });
  }
  return results;
}

/** The steps, once it is sure that git can hold their branches and none of them is checked out. */
function stepsToBranch(root: string): Step[] {
  if (!isGitRepo(root)) {
    throw new UserError(
      `${root} is not a git repository, and branches live in git. Clone the workshop with git (or run \`git init\` and commit), then run \`npm run branches\` again.`,
    );
  }
  const steps = listSteps(join(root, 'steps'));
  if (steps.length === 0)
    throw new UserError(`There are no step folders under ${join(root, 'steps')}.`);
  const current = git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    allowFailure: true,
  }).stdout.trim();
  if (steps.some((step) => branchName(step) === current)) {
    throw new UserError(
      `You are on ${current}, one of the branches this command rewrites. Switch to your own branch first (\`git switch main\`), then run it again.`,
    );
  }
  return steps;
}

function refuseBranchesOfYourOwn(existing: Map<string, Existing | undefined>): void {
  const blocked = [...existing].filter(([, branch]) => branch && !branch.ours);
  if (blocked.length === 0) return;
  const list = blocked
    .map(
      ([name, branch]) =>
        `  ${name}: its tip ${branch!.commit.slice(0, 7)} "${branch!.subject}" was not made by this command`,
    )
    .join('\n');
  throw new UserError(
    `These branches hold commits of your own, so they were left as they are:\n${list}\n` +
      `Keep your work under another name (\`git branch -m ${blocked[0]![0]} my-${blocked[0]![0]}\`) and run \`npm run branches\` again, ` +
      'or replace them with `npm run branches -- --force`.',
  );
}

/** Seconds since 1970 of the last commit that changed steps/ (or any commit); now, before the first. */
function stepsTime(root: string): number {
  for (const paths of [['--', 'steps'], []]) {
    const last = git(root, ['log', '-1', '--format=%ct', 'HEAD', ...paths], { allowFailure: true });
    if (last.status === 0 && last.stdout.trim() !== '') return Number(last.stdout.trim());
  }
  return Math.floor(Date.now() / 1000);
}

interface StepCommit {
  /** The branch's tip before this run, when there was one. */
  before: Existing | undefined;
  parent: string | undefined;
  env: Env;
  /** Author and committer date, in seconds since 1970. */
  time: number;
}

/** Points the step's branch at a commit of its tree on top of the parent, reusing ours when it is one. */
function commitStep(
  root: string,
  step: Step,
  steps: Step[],
  { before, parent, env, time }: StepCommit,
): BranchResult {
  const branch = branchName(step);
  const tree = writeTree(root, branchEntries(root, step, steps), env);
  let commit = before?.ours ? reuse(root, before.commit, { tree, parent, time }) : undefined;
  const date = `${time} +0000`;
  commit ??= git(root, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], {
    env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    input: commitMessage(step),
  }).stdout.trim();
  if (commit !== before?.commit) {
    git(root, [
      'update-ref',
      '-m',
      `npm run branches: ${branch}`,
      `refs/heads/${branch}`,
      commit,
      before?.commit ?? '',
    ]);
  }
  const outcome = !before ? 'created' : commit === before.commit ? 'unchanged' : 'updated';
  return { branch, step, commit, outcome };
}

/** An existing commit of ours with the same tree, parent and date is kept, so reruns change nothing. */
function reuse(
  root: string,
  commit: string,
  wanted: { tree: string; parent: string | undefined; time: number },
): string | undefined {
  const [tree, authored, committed, ...parents] = git(root, [
    'log',
    '-1',
    '--format=%T %at %ct %P',
    commit,
  ])
    .stdout.trim()
    .split(' ');
  const sameParent = wanted.parent
    ? parents.length === 1 && parents[0] === wanted.parent
    : parents.length === 0;
  const sameTime = Number(authored) === wanted.time && Number(committed) === wanted.time;
  return tree === wanted.tree && sameParent && sameTime ? commit : undefined;
}

function commitMessage(step: Step): string {
  const number = String(step.number).padStart(2, '0');
  return [
    `Step ${number}: ${step.title}`,
    '',
    `The code at the end of step ${step.number} (steps/${step.folder}), with its chapter as README.md.`,
    `Made by \`npm run branches\`; running it again replaces this commit.`,
    '',
    `${trailer}: ${number}`,
    '',
  ].join('\n');
}

function writeTree(root: string, entries: Entry[], env: Env): string {
  git(root, ['read-tree', '--empty'], { env });
  const copied = entries.filter((entry) => entry.content === undefined);
  // One git process hashes every copied file; files with content of their own go one by one.
  const hashes = copied.length
    ? git(root, ['hash-object', '-w', '--stdin-paths'], {
        env,
        input: copied.map((entry) => entry.source!).join('\n') + '\n',
      })
        .stdout.trim()
        .split('\n')
    : [];
  const hashOf = new Map(copied.map((entry, position) => [entry, hashes[position]!]));
  for (const entry of entries) {
    if (entry.content !== undefined) {
      hashOf.set(
        entry,
        git(root, ['hash-object', '-w', '--stdin', `--path=${entry.path}`], {
          env,
          input: entry.content,
        }).stdout.trim(),
      );
    }
  }
  // `--index-info` is the batch form of `update-index --add --cacheinfo <mode>,<sha>,<path>`.
  const lines = entries.map(
    (entry) => `${fileMode(entry.source)} ${hashOf.get(entry)}\t${entry.path}`,
  );
  git(root, ['update-index', '--add', '--index-info'], { env, input: lines.join('\n') + '\n' });
  return git(root, ['write-tree'], { env }).stdout.trim();
}

const fileMode = (path: string | undefined) =>
  path && process.platform !== 'win32' && statSync(path).mode & 0o111 ? '100755' : '100644';

/** The text for the README: what the branches are and how to use them. */
export const branchesHelp = `Branches: every step as a git commit
  \`npm run branches\` makes local branches step-01, step-02, … Each holds the code at the END of
  that step (frontend/, backend/, the step's checks, the root config and tooling, and the
  chapter as README.md) in one commit, and each step's commit sits on the previous one, so:
    git diff step-03 step-04           what step 4 changes (add --stat for the file list)
    git diff step-03 step-04 -- frontend backend   the code only, without the chapter
    git log --oneline step-06          the steps in order
    git switch step-04                 look around in the code at the end of step 4
    npm test                           (on a step branch) that step's checks on its own code
  Run it again after the steps change: it replaces the branches it made. A branch you have
  committed to yourself is left alone unless you add \`-- --force\`.`;
