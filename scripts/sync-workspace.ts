// `npm run sync` (maintainers): makes the top-level frontend/ and backend/ equal to the newest
// step, which is what a fresh clone should run, and the upgraded frontend (upgrades/) equal to
// it but for the upgrade's own files. Tooling tests fail when they drift.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acrossStepsRoot, runCommand } from './lib/cli.ts';
import { log } from './lib/log.ts';
import { listSteps, newestStep } from './lib/steps.ts';
import { copyApp } from './lib/tree.ts';
import { syncUpgrade, upgrade } from './lib/upgrade.ts';

function main(): number {
  // On a step branch the step's code is frontend/ and backend/ themselves: nothing to copy.
  const root = acrossStepsRoot('sync', []);
  const step = newestStep(listSteps(join(root, 'steps')));
  for (const app of ['frontend', 'backend'] as const) {
    const from = join(step.dir, app);
    const to = join(root, app);
    if (existsSync(from)) {
      copyApp(from, to, `@workshop/${app}`);
      log.ok(`${app}/ = steps/${step.folder}/${app}`);
    } else {
      rmSync(to, { recursive: true, force: true });
    }
  }
  if (syncUpgrade(root, join(step.dir, 'frontend')).length > 0)
    log.ok(`${upgrade.dir}/ = steps/${step.folder}/frontend, but for the upgrade's own files`);
  return 0;
}

runCommand(main);
