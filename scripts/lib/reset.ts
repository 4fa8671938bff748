// Sets the workspace (top-level frontend/ and backend/) to the end of a step, or empties it
// (step 0), after saving a copy to .workshop/backups/. Used by `npm run reset`.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { apps, workspacePackageName, type App } from './app-diff.ts';
import { backUp, forceAdvice, unsavedChanges } from './backups.ts';
import { UserError } from './log.ts';
import type { Step } from './steps.ts';
import { compareTrees, copyApp, isSame, listFiles } from './tree.ts';

export interface ResetPlan {
  root: string;
  /** undefined = step 0, the empty workspace a learner starts step 1 from. */
  step: Step | undefined;
  force?: boolean;
  /** Every step: a workspace equal to one of them (or empty) holds nothing to lose. */
  steps?: Step[];
  /** For the backup folder's name. */
  now?: Date;
}

export interface ResetOutcome {
  alreadyThere: boolean;
  backup?: string;
  /** What happened to each app folder, for the user. */
  actions: string[];
  /** A package.json appeared, went away or changed beyond its name: run npm install. */
  installNeeded: boolean;
}

const sourceOf = (step: Step | undefined, app: App) =>
  step && existsSync(join(step.dir, app)) ? join(step.dir, app) : undefined;
const hasSources = (dir: string) => listFiles(dir).length > 0;

function manifestWithoutName(dir: string | undefined): string | undefined {
  const path = dir && join(dir, 'package.json');
  if (!path || !existsSync(path)) return undefined;
  try {
    const { name: _name, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as Record<
      string,
      unknown
    >;
    return JSON.stringify(rest);
  } catch {
    return readFileSync(path, 'utf8');
  }
}

/** True when the workspace already holds exactly the step's apps. */
export function workspaceMatches(root: string, step: Step | undefined): boolean {
  return apps.every((app) => {
    const from = sourceOf(step, app);
    const to = join(root, app);
    if (!from) return !hasSources(to);
    return existsSync(to) && isSame(compareTrees(from, to));
  });
}

/**
 * The step whose code the workspace is closest to, and the files where it differs: the
 * learner's own work. (Against git HEAD, a workspace reset to step 2 with one file changed
 * would differ in every file that step 2 does not share with the finished code.)
 */
export function nearestStep(root: string, steps: Step[]): { step: Step; files: string[] } {
  const differences = steps.map((step) => ({
    step,
    files: apps.flatMap((app) => {
      const from = sourceOf(step, app);
      const to = join(root, app);
      if (!from) return hasSources(to) ? [`${app}/ (new)`] : [];
      if (!existsSync(to)) return [`${app}/ (missing)`];
      const { onlyInFirst, onlyInSecond, changed } = compareTrees(from, to);
      return [
        ...changed.map((file) => `${app}/${file}`),
        ...onlyInSecond.map((file) => `${app}/${file} (new)`),
        ...onlyInFirst.map((file) => `${app}/${file} (missing)`),
      ];
    }),
  }));
  return differences.reduce((best, next) => (next.files.length < best.files.length ? next : best));
}

/**
 * Refuses (exit 1) when resetting could lose work that git does not hold, unless forced. With
 * the steps, it lists the files that differ from the nearest step, not every uncommitted one.
 */
export function assertNothingUnsaved(root: string, command: string, steps: Step[] = []): void {
  if (!apps.some((app) => existsSync(join(root, app)) && hasSources(join(root, app)))) return;
  const changes = unsavedChanges(root, [...apps]);
  if (!changes) {
    throw new UserError(
      'This folder is not a git repository, so reset cannot tell whether frontend/ and backend/ hold work you have not saved.\n' +
        `To go on anyway, ${forceAdvice(command, 'your current workspace')}.`,
    );
  }
  if (changes.length === 0) return;
  const nearest = steps.length > 0 ? nearestStep(root, steps) : undefined;
  const listed = nearest?.files ?? changes;
  const shown = listed.slice(0, 10).map((line) => `  ${line}`);
  if (listed.length > shown.length) shown.push(`  … and ${listed.length - shown.length} more`);
  const what = nearest
    ? `frontend/ and backend/ hold changes that are not committed. Your work, as it differs from the end of step ${nearest.step.number} (the nearest step):`
    : 'frontend/ and backend/ have changes that are not committed:';
  throw new UserError(
    `${what}\n${shown.join('\n')}\n` +
      'Reset would replace them. Commit them first (`git add frontend backend && git commit -m "my work"`),\n' +
      `or ${forceAdvice(command, 'your workspace')} either way.`,
  );
}

export function resetWorkspace(plan: ResetPlan): ResetOutcome {
  const { root, step } = plan;
  const number = step?.number ?? 0;
  if (workspaceMatches(root, step))
    return { alreadyThere: true, actions: [], installNeeded: false };
  // A workspace that is exactly some step's code (say, from an earlier reset) holds no work of yours.
  const isStepCode = [undefined, ...(plan.steps ?? [])].some((candidate) =>
    workspaceMatches(root, candidate),
  );
  if (!plan.force && !isStepCode)
    assertNothingUnsaved(root, `npm run reset ${number}`, plan.steps ?? []);

  const backup = backUp(root, [...apps], { now: plan.now });
  const actions: string[] = [];
  let installNeeded = false;
  for (const app of apps) {
    const from = sourceOf(step, app);
    const to = join(root, app);
    if (manifestWithoutName(from) !== manifestWithoutName(existsSync(to) ? to : undefined))
      installNeeded = true;
    if (from) {
      copyApp(from, to, workspacePackageName(app));
      actions.push(
        `${app}/ = the end of step ${number} (${relative(root, from).split('\\').join('/')})`,
      );
    } else if (existsSync(to)) {
      rmSync(to, { recursive: true, force: true });
      actions.push(step ? `${app}/ removed: step ${number} has no ${app} yet` : `${app}/ removed`);
    }
  }
  // With no package.json left there is nothing to install.
  if (!step) installNeeded = false;
  return { alreadyThere: false, backup, actions, installNeeded };
}
