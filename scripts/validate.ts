// `npm run validate [-- format|lint|types]`: the quality gates, all of them by default.
// `npm test` runs them first; each failure names the command that fixes or explains it.
import { runCommand } from './lib/cli.ts';
import { log, UserError } from './lib/log.ts';
import { gates, runGates } from './lib/validate.ts';

async function main(): Promise<number> {
  const all = gates();
  const names = process.argv.slice(2);
  const unknown = names.find((name) => !(name in all));
  if (unknown) {
    throw new UserError(
      `Unknown gate "${unknown}". The gates are: ${Object.keys(all).join(', ')}.`,
      2,
    );
  }
  const selected = (names.length > 0 ? names : Object.keys(all)).flatMap((name) => all[name]!);
  log.step(`Validating: ${selected.length} gates (style rules: CONTRIBUTING.md)`);
  const failed = await runGates(selected);
  if (failed.length === 0) return 0;
  log.fail(
    `${failed.length} of ${selected.length} gates failed: ${failed.map((gate) => gate.name).join(', ')}`,
  );
  return 1;
}

runCommand(main);
