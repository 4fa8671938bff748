// `npm run progress`: which steps your workspace has passed, where you are, and what to run
// next. It reads what each full `npm run check N` recorded in .workshop/progress.json.
import { runCommand, workshopRoot } from './lib/cli.ts';
import { join } from 'node:path';
import { colour } from './lib/log.ts';
import { readProgress, workspaceHash, type CheckRecord } from './lib/progress.ts';
import { workspaceMatches } from './lib/reset.ts';
import { listSteps, type Step } from './lib/steps.ts';

type State = 'green' | 'stale' | 'red' | 'unchecked';

function stateOf(record: CheckRecord | undefined, workspace: string): State {
  if (!record) return 'unchecked';
  if (record.failed > 0) return 'red';
  return record.workspace === workspace ? 'green' : 'stale';
}

function line(step: Step, state: State, record: CheckRecord | undefined): string {
  const title = `${String(step.number).padStart(2)}  ${step.title.padEnd(18)}`;
  const when = record ? colour.dim(` (${record.finishedAt.slice(0, 16).replace('T', ' ')})`) : '';
  if (state === 'green') return `  ${colour.green('✔')} ${title} ${record!.passed} passed${when}`;
  if (state === 'stale') {
    return `  ${colour.yellow('!')} ${title} ${record!.passed} passed, but your code changed since${when}`;
  }
  if (state === 'red') {
    const failing = record!.failing.map((name) => `\n        ${colour.dim(name)}`).join('');
    return `  ${colour.red('✖')} ${title} ${record!.passed} passed, ${record!.failed} failed${when}${failing}`;
  }
  return `  ${colour.dim('·')} ${title} ${colour.dim('not checked yet')}`;
}

function nextMove(step: Step | undefined, state: State | undefined): string {
  if (!step) return 'Every step is green: `npm run dev` runs what you built.';
  const chapter = `steps/${step.folder}/README.md`;
  if (state === 'red')
    return `Fix step ${step.number} (the checks above name the files), then \`npm run check ${step.number}\`.`;
  if (state === 'stale')
    return `Your code changed after step ${step.number} passed: \`npm run check ${step.number}\` again.`;
  return `Follow chapter ${step.number} (${chapter}), then \`npm run check ${step.number}\`.`;
}

function main(): number {
  const root = workshopRoot();
  const steps = listSteps(join(root, 'steps'));
  const progress = readProgress(join(root, '.workshop'));
  const workspace = workspaceHash(root);
  console.log(
    colour.bold('Your progress') + colour.dim(' (recorded by each full `npm run check N`)'),
  );
  let current: { step: Step; state: State } | undefined;
  for (const step of steps) {
    const record = progress[String(step.number)];
    const state = stateOf(record, workspace);
    // A green step after the one you are on is from an earlier pass: it does not move you on.
    if (!current && state !== 'green') current = { step, state };
    console.log(line(step, state, record));
  }
  const copied = steps.find((step) => workspaceMatches(root, step));
  if (copied) {
    console.log(
      colour.dim(
        `\nYour frontend/ and backend/ are the end of step ${copied.number}, file for file (a fresh clone holds step ${steps.at(-1)?.number}; \`npm run reset N\` sets them to any step).`,
      ),
    );
  }
  console.log(`\nNext: ${nextMove(current?.step, current?.state)}`);
  return 0;
}

runCommand(main);
