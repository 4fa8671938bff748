// `npm run check:upgrade`: the finished step's checks against the frontend upgraded to a
// supported Next.js (upgrades/next-16/frontend, docs/upgrade.md) and the step's unchanged
// backend. That frontend has its own package-lock.json, installed apart from the workspace:
// one lockfile cannot hold Next.js 14 with React 18 and Next.js 16 with React 19 for the same
// next-auth, which would resolve whichever of them npm hoisted to the root.
import { existsSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine, runCommand } from './lib/cli.ts';
import { colour, log, UserError } from './lib/log.ts';
import { outputDir, repoRoot } from './lib/paths.ts';
import { npmCommand, runToEnd, stopAllOnExit } from './lib/processes.ts';
import { listCheckFiles } from './lib/red-green.ts';
import { filteredFiles, runStep } from './lib/run-step.ts';
import { newestStep } from './lib/steps.ts';
import { upgrade } from './lib/upgrade.ts';

const upgradedFrontend = join(repoRoot, upgrade.dir);

/**
 * Check files left out here, each with why: they pin what the upgrade changes on purpose.
 * (`next build` type-checks the upgraded frontend, which is what else setup.test.ts proves.)
 */
const leftOut: Record<string, string> = {
  'setup.test.ts': "it pins the workshop's versions (next 14, react 18), which the upgrade changes",
};

const usage = `Usage: npm run check:upgrade [-- <filter>...]
  Runs the newest step's checks against upgrades/next-16/frontend (Next.js 16, React 19)
  and the step's own backend; installs that frontend first when its lockfile changed.`;

/** `npm ci` in the upgraded frontend, unless its node_modules is newer than its lockfile. */
async function install(): Promise<void> {
  const installed = join(upgradedFrontend, 'node_modules', '.package-lock.json');
  const lock = join(upgradedFrontend, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  log.step('Installing upgrades/next-16/frontend (npm ci, its own lockfile)…');
  const npm = npmCommand(['ci', '--no-audit', '--no-fund', '--workspaces=false']);
  if (!npm) throw new UserError('Run this through npm: npm run check:upgrade');
  const { code, tail } = await runToEnd('npm ci', ...npm, { cwd: upgradedFrontend });
  if (code !== 0) throw new UserError(`npm ci in upgrades/next-16/frontend failed:\n${tail}`);
}

/**
 * A folder whose frontend/ is the upgraded one and whose backend/ is the step's own. Inside
 * the repository (.workshop/), so that the backend finds the workspace's packages from it.
 */
function codeDir(backend: string): string {
  const dir = join(outputDir, 'upgrade-check');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Junctions need no special rights on Windows; elsewhere the type is ignored.
  symlinkSync(upgradedFrontend, join(dir, 'frontend'), 'junction');
  symlinkSync(backend, join(dir, 'backend'), 'junction');
  return dir;
}

async function main(): Promise<number> {
  const { positionals } = parseCommandLine(process.argv.slice(2), {}, usage);
  stopAllOnExit();
  const step = newestStep();
  await install();
  for (const [file, why] of Object.entries(leftOut)) log.step(`Left out: ${file}, because ${why}`);
  // The files asked for (all, or those of the filters and parts), without the ones left out.
  const asked = filteredFiles(step, positionals) ?? listCheckFiles(step.testsDir);
  const files = asked.filter((file) => !(file in leftOut));
  if (files.length === 0) throw new UserError(`No check file matches ${positionals.join(' ')}.`, 2);
  const run = await runStep(step, 'check', {
    codeDir: codeDir(join(step.dir, 'backend')),
    filters: files,
  });
  console.log(
    colour.dim(
      `\n  upgrades/next-16/frontend with steps/${step.folder}/backend: ${run.passed} passed, ${run.failed} failed`,
    ),
  );
  return run.failed > 0 ? 1 : 0;
}

runCommand(main);
