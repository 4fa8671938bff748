// `npm run take <N> <path> [-- --force]`: copies one file of step N into your workspace, for
// files the chapters say to copy rather than type (a stylesheet, say). Like reset, it will not
// replace work that git does not hold unless --force, and it keeps a backup either way.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { apps, withPackageName, workspacePackageName, type App } from './lib/app-diff.ts';
import { backUp, forceAdvice, unsavedChanges } from './lib/backups.ts';
import { acrossStepsRoot, parseCommandLine, runCommand } from './lib/cli.ts';
import { colour, log, UserError } from './lib/log.ts';
import { listSteps, parseStep, type Step } from './lib/steps.ts';

const usage = `Usage: npm run take <N> <path> [-- --force]
  N        the step to copy from
  path     the file, as the chapter names it: frontend/... or backend/...
           e.g. npm run take 4 frontend/src/styles/globals.css
  --force  replace the file although it holds changes that are not committed (backed up first)`;

/** `frontend/src/x.css` as [app, path inside the app], refusing anything outside the apps. */
function appPath(argument: string): { app: App; path: string } {
  const path = normalize(argument).split(sep).join('/');
  const app = apps.find((name) => path.startsWith(`${name}/`));
  if (!app || path.split('/').includes('..')) {
    throw new UserError(
      `"${argument}" is not a file of an app: start it with frontend/ or backend/.\n\n${usage}`,
      2,
    );
  }
  return { app, path };
}

/** The step's file as the workspace should hold it: a package.json gets the workspace's name. */
function contentFor(step: Step, app: App, path: string): Buffer {
  const source = join(step.dir, path);
  if (!existsSync(source) || !statSync(source).isFile()) {
    throw new UserError(
      `Step ${step.number} has no file ${path} (looked in steps/${step.folder}/).`,
    );
  }
  const content = readFileSync(source);
  if (path !== `${app}/package.json`) return content;
  return Buffer.from(withPackageName(content.toString('utf8'), workspacePackageName(app)));
}

/** Refuses to replace a file whose current content git does not hold, unless forced. */
function assertSafeToReplace(root: string, path: string, force: boolean, command: string): void {
  if (force) return;
  const changes = unsavedChanges(root, [path]) ?? ['(not a git repository)'];
  if (changes.length === 0) return;
  throw new UserError(
    `${path} holds work that is not committed (${changes[0]!.trim()}), and take would replace it.\n` +
      `Commit it first, or ${forceAdvice(command, 'the file')}.`,
  );
}

function main(): number {
  const root = acrossStepsRoot('take', process.argv.slice(2));
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    { force: { type: 'boolean' } },
    usage,
  );
  if (positionals.length !== 2) throw new UserError(`Name a step and a file.\n\n${usage}`, 2);
  const step = parseStep(positionals[0], listSteps(join(root, 'steps')));
  const { app, path } = appPath(positionals[1]!);
  const content = contentFor(step, app, path);
  const target = join(root, path);

  if (existsSync(target)) {
    if (readFileSync(target).equals(content)) {
      log.ok(`${path} already is step ${step.number}'s file; nothing to do.`);
      return 0;
    }
    assertSafeToReplace(root, path, values.force ?? false, `npm run take ${step.number} ${path}`);
    const backup = backUp(root, [path], { label: 'take-' })!;
    log.ok(`Saved your ${path} to ${relative(root, join(backup, path))}`);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  log.ok(`${path} = step ${step.number}'s file (steps/${step.folder}/${path})`);
  if (path === `${app}/package.json`)
    console.log(`  npm install   ${colour.dim('# the dependencies may have changed')}`);
  return 0;
}

runCommand(main);
