import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/paths.ts';
import { newestStep } from '../lib/steps.ts';
import { compareTrees, isSame } from '../lib/tree.ts';

// A fresh clone runs the top-level frontend/ and backend/: they must be the finished system.
describe('the workspace in the repository', () => {
  const step = newestStep();

  it.each(['frontend', 'backend'])(`when cloned, then %s/ equals the newest step's copy`, (app) => {
    const difference = compareTrees(join(step.dir, app), join(repoRoot, app));
    expect(
      isSame(difference),
      `${app}/ differs from steps/${step.folder}/${app}; run \`npm run sync\`:\n${JSON.stringify(difference, null, 2)}`,
    ).toBe(true);
  });
});
