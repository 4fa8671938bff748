import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/paths.ts';
import { gates } from '../lib/validate.ts';

describe('npm run validate', () => {
  it('when the repository has a tsconfig.json, then a type-check gate covers its folder', () => {
    const tracked = execFileSync('git', ['ls-files', '*tsconfig.json', '**/tsconfig.json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const projects = tracked
      .split('\n')
      // upgrades/ is installed apart (npm run check:upgrade), and its `next build` type-checks it.
      .filter((file) => file.endsWith('tsconfig.json') && !file.startsWith('upgrades/'))
      .map((file) => dirname(file));
    const covered = gates().types!.map((gate) => gate.args[gate.args.indexOf('-p') + 1]);
    expect(projects.length).toBeGreaterThan(10);
    expect(covered.sort()).toEqual([...new Set(projects)].sort());
  });

  it('when it lists the gates, then formatting, lint and types are all there, each with a fix', () => {
    const all = gates();
    expect(Object.keys(all)).toEqual(['format', 'lint', 'types']);
    for (const gate of Object.values(all).flat()) {
      expect(gate.fix, `${gate.name} needs a fix to print`).toMatch(/^(npm run|npx) /);
      expect(gate.args[0], `${gate.name} runs an installed tool`).toContain(join('node_modules'));
    }
  });
});
