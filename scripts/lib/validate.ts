// The quality gates behind `npm run validate` and the start of `npm test`: Prettier, ESLint and
// the TypeScript compiler over every app, every step's checks and scripts/.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { colour, log, UserError } from './log.ts';
import { outputDir, packageBin, repoRoot } from './paths.ts';
import { runToEnd } from './processes.ts';
import { listSteps } from './steps.ts';

export interface Gate {
  name: string;
  /** What to run to see every problem, or fix them. */
  fix: string;
  args: string[];
}

/** Caches under .workshop/ make a second run take seconds (a clean clone has none). */
const cache = (name: string) => join(outputDir, 'cache', name);

/** Every folder with a tsconfig.json of its own: the apps of each step and the workspace. */
function typeScriptProjects(): string[] {
  const apps = listSteps().flatMap((step) => [
    join(step.dir, 'frontend'),
    join(step.dir, 'backend'),
  ]);
  apps.push(join(repoRoot, 'frontend'), join(repoRoot, 'backend'));
  // On a step branch the step's apps are the workspace's: each is checked once.
  const unique = [...new Set(apps)];
  return [repoRoot, ...unique.filter((dir) => existsSync(join(dir, 'tsconfig.json')))];
}

export function gates(): Record<string, Gate[]> {
  return {
    format: [
      {
        name: 'Prettier',
        fix: 'npm run format (rewrites the files in place)',
        args: [
          packageBin('prettier/bin/prettier.cjs'),
          '--check',
          '--log-level=warn',
          '--cache',
          `--cache-location=${cache('prettier')}`,
          '.',
        ],
      },
    ],
    lint: [
      {
        name: 'ESLint',
        fix: 'npm run lint (npm run lint -- --fix repairs what it can)',
        args: [
          packageBin('eslint/bin/eslint.js'),
          '--max-warnings=0',
          '--cache',
          `--cache-location=${cache('eslint')}`,
          '.',
        ],
      },
    ],
    types: typeScriptProjects().map((dir) => {
      const project = relative(repoRoot, dir) || '.';
      return {
        name: `tsc ${project === '.' ? 'scripts/ and steps/*/tests' : project}`,
        fix: `npx tsc --noEmit -p ${project}`,
        args: [
          packageBin('typescript/bin/tsc'),
          '--noEmit',
          '-p',
          project,
          '--incremental',
          '--tsBuildInfoFile',
          cache(`tsc/${project.replaceAll('/', '-')}.tsbuildinfo`),
        ],
      };
    }),
  };
}

/** Runs the gates two at a time (the type checks are many and each is mostly one core). */
/** The gates of the named groups (format, lint, types), or all of them when none is named. */
export function selectGates(names: string[] = []): Gate[] {
  const all = gates();
  const unknown = names.find((name) => !(name in all));
  if (unknown) {
    throw new UserError(
      `Unknown gate "${unknown}". The gates are: ${Object.keys(all).join(', ')}.`,
      2,
    );
  }
  return (names.length > 0 ? names : Object.keys(all)).flatMap((name) => all[name]!);
}

export async function runGates(selected: Gate[]): Promise<Gate[]> {
  const failed: Gate[] = [];
  const queue = [...selected];
  const worker = async () => {
    for (let gate = queue.shift(); gate; gate = queue.shift()) {
      const started = Date.now();
      const { code, tail } = await runToEnd(gate.name, process.execPath, gate.args, {
        cwd: repoRoot,
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) {
        log.ok(`${gate.name} ${colour.dim(`${seconds} s`)}`);
        continue;
      }
      failed.push(gate);
      log.fail(`${gate.name} ${colour.dim(`${seconds} s`)}\n${tail.trimEnd()}\n  → ${gate.fix}`);
    }
  };
  await Promise.all([worker(), worker()]);
  return failed;
}
