// `npm run validate [-- format|lint|types]`: the quality gates, all of them by default.
// `npm test` runs them first; each failure names the command that fixes or explains it.
import { runCommand } from './lib/cli.ts';
import { log } from './lib/log.ts';
import { runGates, selectGates } from './lib/validate.ts';

async function main(): Promise<number> {
  const selected = selectGates(process.argv.slice(2));
  log.step(`Validating: ${selected.length} gates (style rules: CONTRIBUTING.md)`);
  const failed = await runGates(selected);
  if (failed.length === 0) return 0;
  log.fail(
    `${failed.length} of ${selected.length} gates failed: ${failed.map((gate) => gate.name).join(', ')}`,
  );
  return 1;
}

runCommand(main);
