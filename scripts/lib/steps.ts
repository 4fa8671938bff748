// The step folders (steps/NN-name) and how a user names one on the command line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './paths.ts';
import { UserError } from './log.ts';

export interface Step {
  number: number;
  /** e.g. "03-express-backend" */
  folder: string;
  /** e.g. "express backend" */
  title: string;
  dir: string;
  testsDir: string;
  hasBackend: boolean;
  hasFrontend: boolean;
  /** On a step branch (steps/branch.json), its name: the step's code is then the root's. */
  branch?: string;
}

export const stepsDir = join(repoRoot, 'steps');

/**
 * What steps/branch.json says on a step branch (`npm run branches`): the branch holds one step,
 * its code at the root (frontend/, backend/) and its checks in steps/NN-name/tests.
 */
export interface StepBranch {
  branch: string;
  /** The step folder's name, e.g. "03-express-backend". */
  step: string;
}

export const branchMarker = 'branch.json';

/** The branch `npm run branches` makes for a step: step-03. */
export const branchName = (step: Pick<Step, 'number'>) =>
  `step-${String(step.number).padStart(2, '0')}`;

export function readStepBranch(root = stepsDir): StepBranch | undefined {
  const file = join(root, branchMarker);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StepBranch) : undefined;
}

export function listSteps(root = stepsDir): Step[] {
  if (!existsSync(root)) return [];
  const branch = readStepBranch(root);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
    .filter((entry) => !branch || entry.name === branch.step)
    .map((entry) => {
      // On a step branch the step's code is the branch's own frontend/ and backend/.
      const dir = branch ? dirname(root) : join(root, entry.name);
      return {
        number: Number(entry.name.slice(0, 2)),
        folder: entry.name,
        title: entry.name.slice(3).replace(/-/g, ' '),
        dir,
        testsDir: join(root, entry.name, 'tests'),
        hasBackend: existsSync(join(dir, 'backend')),
        hasFrontend: existsSync(join(dir, 'frontend')),
        ...(branch ? { branch: branch.branch } : {}),
      };
    })
    .sort((a, b) => a.number - b.number);
}

/** What to say where there are no steps: a step branch holds one step's code, not the workshop. */
export const NO_STEPS =
  'This folder has no steps/ folders, so there is nothing to check here: run this command in a clone of the main branch of the workshop.';

export function stepList(steps: Step[]): string {
  return steps.map((step) => `  ${step.number}  ${step.title}`).join('\n');
}

/** Turns "3", "03" or "03-express-backend" into a step; anything else is a usage error (exit 2). */
export function parseStep(argument: string | undefined, steps: Step[] = listSteps()): Step {
  const wanted = argument?.trim() ?? '';
  const number = /^\d{1,2}(-|$)/.test(wanted) ? Number.parseInt(wanted, 10) : Number.NaN;
  const step = steps.find((candidate) => candidate.number === number);
  if (steps.length === 0) throw new UserError(NO_STEPS);
  if (!step) {
    const [only] = steps;
    if (only?.branch) {
      throw new UserError(
        `${wanted ? `"${wanted}" is not a step on this branch` : 'Which step?'}: ${only.branch} holds step ${only.number} (${only.title}) alone; the other steps are on the main branch.`,
        2,
      );
    }
    const what = wanted ? `"${wanted}" is not a step.` : 'Which step?';
    throw new UserError(`${what} The steps are:\n${stepList(steps)}`, 2);
  }
  return step;
}

export function newestStep(steps: Step[] = listSteps()): Step {
  const step = steps.at(-1);
  if (!step) throw new UserError(NO_STEPS);
  return step;
}
