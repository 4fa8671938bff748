// The step branches as a reader meets them: each branch cloned alone, with nothing of main.
// The branches are made from a copy of this working tree (what is committed and what is not),
// so the check sees the steps as they are now. Two branches are installed and checked in
// full: step 2, whose checks bring their own stand-in backend, and the finished step 6.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageBin, repoRoot, scratchDir } from '../lib/paths.ts';
import type { Env } from '../lib/processes.ts';
import { branchName, listSteps } from '../lib/steps.ts';
import { brokenLinks } from './support/broken-links.ts';

const steps = listSteps();
const minutes = (count: number) => count * 60_000;

function run(command: string, args: string[], cwd: string, env: Env = {}) {
  const { FORCE_COLOR: _colour, WORKSHOP_ROOT: _root, ...inherited } = process.env;
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...inherited, NO_COLOR: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const lines = output.split('\n');
  // The failures with the lines under them (the hint, the file), then how the run ended.
  const failures = lines.flatMap((line, index) =>
    line.includes('✖') ? lines.slice(index, index + 8) : [],
  );
  return {
    status: result.status ?? 1,
    output,
    tail: [...failures, ...lines.slice(-15)].join('\n'),
  };
}

const git = (cwd: string, ...args: string[]) => {
  const result = run(
    'git',
    ['-c', 'user.name=Reader', '-c', 'user.email=reader@example.com', ...args],
    cwd,
  );
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed:\n${result.tail}`);
  return result.output;
};

/** A git repository holding this working tree's files (tracked, and new ones not ignored). */
function copyOfTheWorkshop(): string {
  const copy = scratchDir('branches-source');
  const files = git(repoRoot, 'ls-files', '--cached', '--others', '--exclude-standard', '-z')
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(copy, file), { errorOnExist: false });
  }
  git(copy, 'init', '-q', '-b', 'main');
  git(copy, 'add', '-A');
  git(copy, 'commit', '-q', '-m', 'The workshop');
  return copy;
}

/** `git clone -b step-NN` of the copy: the branch alone, as a reader gets it. */
const cloneBranch = (source: string, branch: string) => {
  const target = join(scratchDir(`branch-${branch}`), 'workshop');
  git(source, 'clone', '-q', '--single-branch', '-b', branch, source, target);
  return target;
};

describe('step branches, each cloned alone', () => {
  let source = '';
  beforeAll(() => {
    source = copyOfTheWorkshop();
    const made = run(
      process.execPath,
      [packageBin('tsx/dist/cli.mjs'), join(repoRoot, 'scripts/branches.ts')],
      source,
      { WORKSHOP_ROOT: source },
    );
    if (made.status !== 0) throw new Error(`npm run branches failed:\n${made.tail}`);
  }, minutes(2));

  it.each(steps.map((step) => [branchName(step), step] as const))(
    'when %s is cloned, then its README opens with the banner and every link in it resolves on the branch',
    async (branch, step) => {
      const clone = cloneBranch(source, branch);
      const readme = readFileSync(join(clone, 'README.md'), 'utf8');
      const banner = readme.split('\n\n')[0]!;
      expect(banner, 'the first paragraph names the branch and the step').toContain(
        `This is the branch \`${branch}\`: the code at the end of step ${step.number}`,
      );
      const position = steps.indexOf(step);
      for (const neighbour of [steps[position - 1], steps[position + 1]].filter(Boolean))
        expect(banner, 'it names the branches around it').toContain(
          `\`${branchName(neighbour!)}\``,
        );
      expect(banner).toContain('`npm test`');
      if (position > 0)
        expect(banner, 'the code-only diff against the previous branch').toContain(
          `git diff ${branchName(steps[position - 1]!)} ${branch} -- frontend backend`,
        );
      expect(readme, 'the chapter follows the banner').toContain(
        readFileSync(join(step.dir, 'README.md'), 'utf8').split('\n')[0],
      );
      expect(await brokenLinks(clone, ['README.md'])).toEqual([]);
    },
  );

  it('when a tool that works across steps runs on a branch, then it says in one sentence to run it on main, and changes nothing', () => {
    const clone = cloneBranch(source, branchName(steps[2]!));
    const tsx = packageBin('tsx/dist/cli.mjs');
    for (const [script, args] of [
      ['reset.ts', ['2']],
      ['take.ts', ['2', 'frontend/package.json']],
      ['diff.ts', ['2', '3']],
      ['branches.ts', []],
      ['sync-workspace.ts', []],
    ] as const) {
      const result = run(
        process.execPath,
        [tsx, join(repoRoot, 'scripts', script), ...args],
        clone,
        {
          WORKSHOP_ROOT: clone,
        },
      );
      expect(result.status, `${script}: ${result.output}`).toBe(1);
      expect(result.output).toContain('runs only on the main branch');
      expect(result.output, 'no crash, no stack').not.toMatch(/^\s+at /m);
    }
    expect(git(clone, 'status', '--porcelain'), 'nothing on the branch changed').toBe('');
  });

  // The stand-in backend step and the finished system: install from the lockfile, then `npm test`.
  const standIn = steps.find((step) => step.hasFrontend && !step.hasBackend)!;
  it.each([standIn, steps.at(-1)!].map((step) => [branchName(step), step] as const))(
    'when %s is cloned alone, then npm ci and npm test pass there',
    (_branch, step) => {
      const clone = cloneBranch(source, branchName(step));
      const install = run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], clone);
      expect(install.status, `npm ci on ${branchName(step)}:\n${install.tail}`).toBe(0);
      const test = run('npm', ['test'], clone);
      const last = test.output.trim().split('\n').at(-1) ?? '';
      expect(test.status, `npm test on ${branchName(step)}:\n${test.tail}`).toBe(0);
      expect(last, 'the last line counts the checks').toMatch(/^[1-9]\d* passed, 0 failed$/);
      expect(test.output, "the step's own checks ran").toContain(
        `step ${step.number} on ${branchName(step)}`,
      );
      expect(git(clone, 'status', '--porcelain'), 'the checks leave the branch as it was').toBe('');
    },
    minutes(15),
  );
});
