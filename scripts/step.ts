// `npm run step <N>` checks the reference code of step N; `npm run check <N>` checks your workspace.
import { parseCommandLine, runCommand } from './lib/cli.ts';
import { colour } from './lib/log.ts';
import { stopAllOnExit } from './lib/processes.ts';
import { runStep, type Mode, type StepRun } from './lib/run-step.ts';
import { watchStep } from './lib/watch.ts';
import { listSteps, parseStep } from './lib/steps.ts';
import { readParts } from './lib/parts.ts';
import { recordTiming } from './lib/timings.ts';
import { recordCheck, workspaceHash } from './lib/progress.ts';
import { repoRoot } from './lib/paths.ts';

const usage = (mode: Mode) => `Usage: npm run ${mode} <N> [-- <filter>... --bail --watch]
  ${mode === 'step' ? "Checks step N's reference code (steps/NN-*/)" : 'Checks YOUR workspace (frontend/, backend/) against step N'}: starts the database,
  backend and frontend the step needs, runs its checks, prints a checklist, stops everything.
  <filter>  run only the check files whose name contains it (several: any of them),
            e.g. npm run ${mode} 3 -- register
            or the name of a part of a long step (steps/NN-*/tests/parts.json),
            e.g. npm run ${mode} 6 -- ${partNames()}
  --bail    stop at the first failing check
  --watch   keep the services up and check again on every save (a backend file restarts
            the backend, a frontend file rebuilds the frontend, a check file runs alone);
            press q to stop
  A run checks first what the other checks need (tests/preconditions.json: the backend
  answers, registration and login work); when that fails, the rest are skipped.`;

/** "backend (step 6: backend, nextauth, ...)": the parts the steps declare, for the usage. */
function partNames(): string {
  const withParts = listSteps()
    .map((step) => ({ step, names: Object.keys(readParts(step.testsDir)) }))
    .filter(({ names }) => names.length > 0);
  const first = withParts[0]?.names[0] ?? 'backend';
  const lists = withParts.map(({ step, names }) => `step ${step.number}: ${names.join(', ')}`);
  return `${first}   (${lists.join('; ')})`;
}

function parseOptions() {
  const [mode, ...rest] = process.argv.slice(2) as [Mode, ...string[]];
  const { values, positionals } = parseCommandLine(
    rest,
    { bail: { type: 'boolean', default: false }, watch: { type: 'boolean', default: false } },
    usage(mode),
  );
  const [argument, ...filters] = positionals;
  // `npm run step 6 -- refresh` runs only the check files whose name contains "refresh".
  return { mode, step: parseStep(argument), filters, bail: values.bail, watch: values.watch };
}

async function main(): Promise<number> {
  const { mode, step, filters, bail, watch } = parseOptions();
  stopAllOnExit();
  const codeDir = mode === 'step' ? step.dir : repoRoot;
  if (watch) {
    await watchStep(step, { codeDir, filters, bail });
    return 0;
  }
  const workspace = mode === 'check' ? workspaceHash(repoRoot) : '';
  const run = await runStep(step, mode, { filters, bail });
  const whole = filters.length === 0 && !bail;
  if (whole) record(run, workspace);
  if (run.failed === 0 && mode === 'check' && whole) {
    console.log(
      colour.dim(
        `\n  Step ${step.number} is done. \`npm run progress\` shows every step and what is next.`,
      ),
    );
  }
  if (run.failed > 0 && mode === 'check') {
    console.log(
      colour.dim(
        `\n  Behind? \`npm run reset ${step.number}\` sets your workspace to the end of step ${step.number} (your code is backed up first).`,
      ),
    );
  }
  return run.failed > 0 ? 1 : 0;
}

/** A whole run's result for `npm run progress` (your own code only) and its timing. */
function record(run: StepRun, workspace: string): void {
  const { step, mode } = run;
  if (mode === 'check' && run.passed + run.failed > 0) {
    recordCheck(step.number, {
      finishedAt: new Date().toISOString(),
      passed: run.passed,
      failed: run.failed,
      failing: run.results
        .filter((result) => result.status === 'failed')
        .slice(0, 3)
        .map((result) => `${result.file} › ${result.name}`),
      workspace,
    });
  }
  if (run.build)
    recordTiming(`npm run ${mode} ${step.number}`, run.build, {
      seconds: run.seconds,
      passed: run.passed,
      failed: run.failed,
    });
}

runCommand(main);
