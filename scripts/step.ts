// `npm run step <N>` checks the reference code of step N; `npm run check <N>` checks your workspace.
import { colour, log, UserError } from './lib/log.ts';
import { stopAllOnExit } from './lib/processes.ts';
import { runStep, type Mode } from './lib/run-step.ts';
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

async function main(): Promise<number> {
  const [mode, argument, ...filters] = process.argv.slice(2) as [
    Mode,
    string | undefined,
    ...string[],
  ];
  if (
    argument === '--help' ||
    argument === '-h' ||
    filters.includes('--help') ||
    filters.includes('-h')
  ) {
    console.log(usage(mode));
    return 0;
  }
  const bail = filters.includes('--bail');
  const watching = filters.includes('--watch');
  const words = filters.filter((word) => word !== '--bail' && word !== '--watch');
  const unknown = [argument, ...words].find((word) => word?.startsWith('-'));
  if (unknown) throw new UserError(`Unknown option ${unknown}.\n\n${usage(mode)}`, 2);
  const step = parseStep(argument);
  stopAllOnExit();
  // `npm run step 6 -- refresh` runs only the check files whose name contains "refresh".
  const workspace = mode === 'check' ? workspaceHash(repoRoot) : '';
  if (watching) {
    await watchStep(step, { codeDir: mode === 'step' ? step.dir : repoRoot, filters: words, bail });
    return 0;
  }
  const run = await runStep(step, mode, { filters: words, bail });
  const whole = words.length === 0 && !bail;
  // Only a full run of your own code says whether a step is done (`npm run progress`).
  if (mode === 'check' && whole && run.passed + run.failed > 0) {
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
  if (run.build && whole)
    recordTiming(`npm run ${mode} ${step.number}`, run.build, {
      seconds: run.seconds,
      passed: run.passed,
      failed: run.failed,
    });
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UserError) {
      log.fail(error.message);
      process.exit(error.exitCode);
    }
    console.error(error);
    process.exit(1);
  },
);
