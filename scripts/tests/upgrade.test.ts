// upgrades/next-16/frontend is the newest step's frontend but for what the upgrade changes, so
// `npm run check:upgrade` tests the finished system on Next.js 16, not an older copy of it.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, scratchDir } from '../lib/paths.ts';
import { newestStep } from '../lib/steps.ts';
import { listFiles } from '../lib/tree.ts';
import { syncUpgrade, upgrade, upgradeDrift } from '../lib/upgrade.ts';

const stepFrontend = join(newestStep().dir, 'frontend');

describe(upgrade.dir, () => {
  it("when it is compared with the newest step's frontend, then only the upgrade's own files differ", () => {
    expect(upgradeDrift(repoRoot, stepFrontend), 'run `npm run sync`').toEqual([]);
  });

  it('when a copied file drifts or the proxy stops doing what the middleware does, then both are reported, and sync repairs the copy', () => {
    const root = scratchDir('upgrade');
    for (const file of listFiles(join(repoRoot, upgrade.dir)))
      cpSync(join(repoRoot, upgrade.dir, file), join(root, upgrade.dir, file));
    writeFileSync(join(root, upgrade.dir, 'src/pages/login.tsx'), 'export default null;\n');
    writeFileSync(join(root, upgrade.dir, 'src/proxy.ts'), 'export const config = {};\n');
    expect(upgradeDrift(root, stepFrontend)).toEqual([
      "src/pages/login.tsx differs from the step's",
      "src/proxy.ts does not do what the step's src/middleware.ts does (its code differs)",
    ]);
    syncUpgrade(root, stepFrontend);
    expect(
      upgradeDrift(root, stepFrontend),
      "the proxy is the upgrade's own: sync leaves it",
    ).toEqual([
      "src/proxy.ts does not do what the step's src/middleware.ts does (its code differs)",
    ]);
  });
});
