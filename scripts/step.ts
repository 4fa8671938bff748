// `npm run step <N>` checks the reference code of step N; `npm run check <N>` checks your workspace.
import { colour, log, UserError } from './lib/log.ts';
import { stopAllOnExit } from './lib/processes.ts';
import { runStep, type Mode } from './lib/run-step.ts';
import { parseStep } from './lib/steps.ts';
import { recordTiming } from './lib/timings.ts';

const usage = (mode: Mode) => `Usage: npm run ${mode} <N> [-- <filter>...]
  ${mode === 'step' ? "Checks step N's reference code (steps/NN-*/)" : 'Checks YOUR workspace (frontend/, backend/) against step N'}: starts the database,
  backend and frontend the step needs, runs its checks, prints a checklist, stops everything.
  <filter>  run only the check files whose name contains it (several: any of them),
            e.g. npm run ${mode} 3 -- register`;

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
  const unknown = [argument, ...filters].find((word) => word?.startsWith('-'));
  if (unknown) throw new UserError(`Unknown option ${unknown}.\n\n${usage(mode)}`, 2);
  const step = parseStep(argument);
  stopAllOnExit();
  // `npm run step 6 -- refresh` runs only the check files whose name contains "refresh".
  const run = await runStep(step, mode, { filters });
  if (run.build && filters.length === 0)
    recordTiming(`npm run ${mode} ${step.number}`, run.build, {
      seconds: run.seconds,
      passed: run.passed,
      failed: run.failed,
    });
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
