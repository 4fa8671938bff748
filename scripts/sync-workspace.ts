// `npm run sync` (maintainers): makes the top-level frontend/ and backend/ equal to the newest
// step, which is what a fresh clone should run. A tooling test fails when they drift.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { log } from './lib/log.ts';
import { repoRoot } from './lib/paths.ts';
import { newestStep } from './lib/steps.ts';
import { copyApp } from './lib/tree.ts';

const step = newestStep();
for (const app of ['frontend', 'backend'] as const) {
  const from = join(step.dir, app);
  const to = join(repoRoot, app);
  if (existsSync(from)) {
    copyApp(from, to, `@workshop/${app}`);
    log.ok(`${app}/ = steps/${step.folder}/${app}`);
  } else {
    rmSync(to, { recursive: true, force: true });
  }
}
