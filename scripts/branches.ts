// `npm run branches [-- --force]`: local git branches step-01..step-NN, one commit each holding
// the code at the end of that step, chained. Your checkout, index and working tree are not touched.
import { buildBranches, branchesHelp } from './lib/branches.ts';
import { acrossStepsRoot, parseCommandLine, runCommand } from './lib/cli.ts';
import { colour, log, UserError } from './lib/log.ts';

const usage = `Usage: npm run branches [-- --force]
  Creates or updates the local branches step-01, step-02, … (one commit per step, chained).
  --force  also replace step branches that hold commits of your own`;

function main(): number {
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    { force: { type: 'boolean' } },
    `${usage}\n\n${branchesHelp}`,
  );
  if (positionals.length > 0)
    throw new UserError(`npm run branches takes no arguments.\n\n${usage}`, 2);
  const results = buildBranches(acrossStepsRoot('branches', process.argv.slice(2)), {
    force: values.force,
  });
  for (const result of results) {
    log.ok(
      `${result.branch}  ${colour.dim(result.commit.slice(0, 7))}  ${result.step.title} ${colour.dim(`(${result.outcome})`)}`,
    );
  }
  const [first, second] = results;
  console.log(`\n${branchesHelp}`);
  if (first && second)
    console.log(`\nTry: git diff ${first.branch} ${second.branch} --stat -- frontend backend`);
  return 0;
}

runCommand(main);
