// `npm run sync` (maintainers): makes the top-level frontend/ and backend/ equal to the newest
// step, which is what a fresh clone should run. A tooling test fails when they drift.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { acrossStepsRoot, runCommand } from './lib/cli.ts';
import { log } from './lib/log.ts';
import { listSteps, newestStep } from './lib/steps.ts';
import { copyApp } from './lib/tree.ts';

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
  return 0;
}

runCommand(main);
