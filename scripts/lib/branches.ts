// Builds the local branches step-01..step-NN with git plumbing: each branch is one commit
// holding a step's code at the root, chained to the previous step. A temporary index file is
// used throughout, so the current branch, the index and the working tree are never touched.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { apps, withPackageName, workspacePackageName } from './app-diff.ts';
import { git, isGitRepo } from './git.ts';
import { UserError } from './log.ts';
import { scratchDir } from './paths.ts';
import { listSteps, type Step } from './steps.ts';
import { listFiles } from './tree.ts';
import type { Env } from './processes.ts';

/** Root files and folders a branch needs to install and run its apps like the workspace. */
export const rootFiles = ['package.json', 'package-lock.json', 'tsconfig.json', '.gitignore'];
export const rootFolders = ['config', 'scripts'];

/** The trailer that marks a commit as made by this command: only such tips are replaced. */
export const trailer = 'Workshop-Step';
const author = { name: 'Workshop steps', email: 'workshop-steps@localhost' };

export const branchName = (step: Step) => `step-${String(step.number).padStart(2, '0')}`;

/** One file of a branch: copied from disk, or with content of its own (a renamed package). */
interface Entry {
  path: string;
  source: string;
  content?: string;
}

/** What the commit of one step holds: its apps, the root config and its chapter as README.md. */
export function branchEntries(root: string, step: Step): Entry[] {
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
    if (file === 'package-lock.json')
      entry.content = branchLockfile(readFileSync(source, 'utf8'), step);
    entries.push(entry);
  }
  for (const folder of rootFolders) {
    for (const file of listFiles(join(root, folder)))
      entries.push({ path: `${folder}/${file}`, source: join(root, folder, file) });
  }
  const chapter = join(step.dir, 'README.md');
  if (existsSync(chapter)) entries.push({ path: 'README.md', source: chapter });
  return entries.sort((a, b) => a.path.localeCompare(b.path));
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

  const existing = new Map(
    steps.map((step) => [branchName(step), existingBranch(root, branchName(step))]),
  );
  const blocked = [...existing].filter(([, branch]) => branch && !branch.ours);
  if (blocked.length > 0 && !options.force) {
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

  const index = join(scratchDir('branches'), 'index');
  const env = {
    GIT_INDEX_FILE: index,
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
  };
  const results: BranchResult[] = [];
  let parent: string | undefined;
  try {
    for (const step of steps) {
      const branch = branchName(step);
      const tree = writeTree(root, branchEntries(root, step), env);
      const before = existing.get(branch);
      let commit = before?.ours ? reuse(root, before.commit, tree, parent) : undefined;
      commit ??= git(root, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'], {
        env,
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
      results.push({
        branch,
        step,
        commit,
        outcome: !before ? 'created' : commit === before.commit ? 'unchanged' : 'updated',
      });
      parent = commit;
    }
  } finally {
    rmSync(join(index, '..'), { recursive: true, force: true });
  }
  return results;
}

/** An existing commit of ours with the same tree and parent is kept, so reruns change nothing. */
function reuse(
  root: string,
  commit: string,
  tree: string,
  parent: string | undefined,
): string | undefined {
  const [commitTree, ...parents] = git(root, ['log', '-1', '--format=%T %P', commit])
    .stdout.trim()
    .split(' ');
  const sameParent = parent ? parents.length === 1 && parents[0] === parent : parents.length === 0;
  return commitTree === tree && sameParent ? commit : undefined;
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
        input: copied.map((entry) => entry.source).join('\n') + '\n',
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

const fileMode = (path: string) =>
  process.platform !== 'win32' && statSync(path).mode & 0o111 ? '100755' : '100644';

/** The text for the README: what the branches are and how to use them. */
export const branchesHelp = `Branches: every step as a git commit
  \`npm run branches\` makes local branches step-01, step-02, … Each holds the code at the END of
  that step (frontend/, backend/, the root config and the chapter as README.md) in one commit,
  and each step's commit sits on the previous one, so:
    git diff step-03 step-04           what step 4 changes (add --stat for the file list)
    git log --oneline step-06          the steps in order
    git switch step-04                 look around in the code at the end of step 4
  Run it again after the steps change: it replaces the branches it made. A branch you have
  committed to yourself is left alone unless you add \`-- --force\`.`;
