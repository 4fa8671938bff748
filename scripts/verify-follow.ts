// `npm run verify:follow [N]`: follows each chapter (or chapter N) to the letter from the end of
// the step before it and checks that the result is the step's code. Rules: scripts/README.md.
import { join } from 'node:path';
import { acrossStepsRoot, parseCommandLine, runCommand } from './lib/cli.ts';
import { followSteps, formatFollowProblem } from './lib/follow-along.ts';
import { log, UserError } from './lib/log.ts';
import { listSteps, parseStep } from './lib/steps.ts';

const usage = `Usage: npm run verify:follow [N]
  Starts from the end of step N-1, does only what chapter N says (its whole-file listings,
  diffs and edits, npm run take and npm install commands), and compares the result with
  step N's frontend/ and backend/. Without N: every chapter.`;

function main(): number {
  const root = acrossStepsRoot('verify:follow', process.argv.slice(2));
  const { positionals } = parseCommandLine(process.argv.slice(2), {}, usage);
  if (positionals.length > 1) throw new UserError(usage, 2);
  const steps = listSteps(join(root, 'steps'));
  const only = positionals[0] === undefined ? undefined : [parseStep(positionals[0], steps)];
  let failed = 0;
  for (const result of followSteps(steps, root, only)) {
    if (!result.found) {
      log.warn(`${result.chapter}: no chapter yet`);
      continue;
    }
    if (result.problems.length === 0) {
      log.ok(
        `${result.chapter}: followed to the letter (${result.instructions} instructions), it gives the step's ${result.files} files`,
      );
      continue;
    }
    failed += 1;
    for (const problem of result.problems) log.fail(formatFollowProblem(problem));
  }
  if (failed > 0) {
    console.error(
      `\n${failed} chapter(s) do not lead to their step's code. Give each file the chapter changes as a whole listing, a diff, \`npm run take N <path>\` or an npm install command, then run \`npm run verify:follow\` again.`,
    );
    return 1;
  }
  return 0;
}

runCommand(main);
