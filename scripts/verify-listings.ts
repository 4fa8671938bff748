// `npm run verify:listings [N]`: every code block in the chapters that names a file
// (```tsx title="frontend/src/pages/login.tsx") must match that file of its step. Rules: scripts/README.md.
import { join } from 'node:path';
import { acrossStepsRoot, parseCommandLine, runCommand } from './lib/cli.ts';
import { formatProblem, verifyChapter } from './lib/listings.ts';
import { log, UserError } from './lib/log.ts';
import { listSteps, parseStep } from './lib/steps.ts';

const usage = `Usage: npm run verify:listings [N]
  Checks the titled code listings of every chapter (or of step N) against the step's files.`;

function main(): number {
  const root = acrossStepsRoot('verify:listings', process.argv.slice(2));
  const { positionals } = parseCommandLine(process.argv.slice(2), {}, usage);
  if (positionals.length > 1) throw new UserError(usage, 2);
  const all = listSteps(join(root, 'steps'));
  const steps = positionals[0] === undefined ? all : [parseStep(positionals[0], all)];
  let failed = 0;
  for (const step of steps) {
    const { chapter, checked, problems } = verifyChapter(step, root);
    if (!chapter) {
      log.warn(`steps/${step.folder}/README.md: no chapter yet`);
      continue;
    }
    if (problems.length === 0) {
      log.ok(`steps/${step.folder}/README.md: ${checked} listing(s) match their files`);
      continue;
    }
    failed += problems.length;
    for (const problem of problems) log.fail(formatProblem(problem));
  }
  if (failed > 0) {
    console.error(
      `\n${failed} listing(s) differ from the code. Fix the chapter (or the code), then run \`npm run verify:listings\` again.`,
    );
    return 1;
  }
  return 0;
}

runCommand(main);
