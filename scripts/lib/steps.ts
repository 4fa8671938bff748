// The step folders (steps/NN-name) and how a user names one on the command line.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
}

export const stepsDir = join(repoRoot, 'steps');

export function listSteps(root = stepsDir): Step[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
    .map((entry) => {
      const dir = join(root, entry.name);
      return {
        number: Number(entry.name.slice(0, 2)),
        folder: entry.name,
        title: entry.name.slice(3).replace(/-/g, ' '),
        dir,
        testsDir: join(dir, 'tests'),
        hasBackend: existsSync(join(dir, 'backend')),
        hasFrontend: existsSync(join(dir, 'frontend')),
      };
    })
    .sort((a, b) => a.number - b.number);
}

/** What to say where there are no steps: a step branch holds one step's code, not the workshop. */
export const NO_STEPS =
  "This folder has no steps/ folders: a step branch (step-NN) holds one step's code, not the workshop's tooling. " +
  'Run this command in a clone of the main branch.';

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
