// What every workshop command shares: which folder it works on, its options, and how it ends
// (0 ok, 1 failure, 2 bad usage; a UserError prints its message without a stack).
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { log, UserError } from './log.ts';
import { repoRoot } from './paths.ts';
import type { Env } from './processes.ts';
import { readStepBranch } from './steps.ts';

/**
 * The workshop folder a command works on: this repository, or WORKSHOP_ROOT when set
 * (the tooling's tests point the commands at scratch copies that way).
 */
export function workshopRoot(env: Env = process.env): string {
  return resolve(env.WORKSHOP_ROOT || repoRoot);
}

/**
 * The workshop folder for a command that works across steps (reset, take, diff, branches...).
 * A step branch holds one step, so there it says, in one sentence, where to run the command.
 */
export function acrossStepsRoot(script: string, args: string[], env: Env = process.env): string {
  const root = workshopRoot(env);
  const branch = readStepBranch(join(root, 'steps'));
  if (branch) {
    const options = args.filter((arg) => arg.startsWith('-'));
    const words = args.filter((arg) => !arg.startsWith('-'));
    const command = ['npm run', script, ...words, ...(options.length ? ['--', ...options] : [])];
    throw new UserError(
      `This is the branch ${branch.branch}, which holds one step and its checks, so \`${command.join(' ')}\` (which works across steps) runs only on the main branch of the workshop: \`git switch main\` if this clone has it, or clone that branch.`,
    );
  }
  return root;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Thrown by parseCommandLine for --help or -h: runCommand prints the usage and exits 0. */
class UsageAsked extends Error {}

/**
 * Parses the command line; `--help` or `-h` prints the usage (exit 0), an unknown option or a
 * missing value is a usage error (exit 2).
 */
export function parseCommandLine<T extends Options>(args: string[], options: T, usage: string) {
  if (args.includes('--help') || args.includes('-h')) throw new UsageAsked(usage);
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's advice to put a dash-word after `--` does not work through npm, which eats the `--`.
    const message = (error as Error).message.replace(/\. To specify a positional argument.*/s, '.');
    throw new UserError(`${message}\n\n${usage}`, 2);
  }
}

/** Exits once everything written has left (stdout to a pipe is asynchronous on macOS and Windows). */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/** Runs a command's main() and exits with its code. */
export function runCommand(main: () => Promise<number> | number): void {
  Promise.resolve()
    .then(main)
    .then(exitAfterOutput, (error: unknown) => {
      if (error instanceof UsageAsked) {
        console.log(error.message);
        exitAfterOutput(0);
        return;
      }
      if (error instanceof UserError) {
        log.fail(error.message);
        exitAfterOutput(error.exitCode);
        return;
      }
      console.error(error);
      exitAfterOutput(1);
    });
}
