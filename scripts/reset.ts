// `npm run reset <N> [-- --force]`: sets your workspace (frontend/, backend/) to the end of step N
// to catch up; 0 empties it (the start of step 1). Your current code is backed up first.
import { join, relative } from 'node:path';
import { acrossStepsRoot, parseCommandLine, runCommand } from './lib/cli.ts';
import { colour, log, UserError } from './lib/log.ts';
import { resetWorkspace } from './lib/reset.ts';
import { listSteps, parseStep, stepList, type Step } from './lib/steps.ts';

const usage = `Usage: npm run reset <N> [-- --force]
  N        the step whose end your workspace should hold; 0 empties it (the start of step 1)
  --force  go on although frontend/ or backend/ hold uncommitted changes (they are backed up first)`;

function targetStep(argument: string | undefined, steps: Step[]): Step | undefined {
  if (argument !== undefined && /^\s*0+\s*$/.test(argument)) return undefined;
  try {
    return parseStep(argument, steps);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(
      `${argument?.trim() ? `"${argument.trim()}" is not a step.` : 'Which step?'} The steps are:\n${stepList(steps)}\n  0  the start: an empty workspace\n\n${usage}`,
      2,
    );
  }
}

function main(): number {
  const root = acrossStepsRoot('reset', process.argv.slice(2));
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    { force: { type: 'boolean' } },
    usage,
  );
  const steps = listSteps(join(root, 'steps'));
  if (positionals.length > 1) throw new UserError(`Name one step.\n\n${usage}`, 2);
  const step = targetStep(positionals[0], steps);
  const number = step?.number ?? 0;

  const outcome = resetWorkspace({ root, step, steps, force: values.force });
  if (outcome.alreadyThere) {
    log.ok(
      step
        ? `Your workspace already holds the end of step ${number}; nothing to do.`
        : 'Your workspace is already empty; nothing to do.',
    );
  } else {
    if (outcome.backup)
      log.ok(
        `Saved your workspace to ${relative(root, outcome.backup)}/ (copy files back from there if you need them).`,
      );
    for (const action of outcome.actions) log.ok(action);
  }

  console.log(colour.bold('\nNext:'));
  if (!step) {
    const first = steps[0];
    console.log(
      `  Follow chapter 1${first ? `: steps/${first.folder}/README.md` : ''}. It starts from this empty workspace.`,
    );
    return 0;
  }
  if (outcome.installNeeded)
    console.log(`  npm install          ${colour.dim('# the dependencies changed')}`);
  console.log(
    `  npm run check ${number}      ${colour.dim(`# your workspace against step ${number}'s checks`)}`,
  );
  const next = steps.find((candidate) => candidate.number > number);
  if (next) console.log(`  then chapter ${next.number}: steps/${next.folder}/README.md`);
  return 0;
}

runCommand(main);
