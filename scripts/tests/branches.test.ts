import { describe, expect, it } from 'vitest';
import { branchLockfile } from '../lib/branches.ts';
import { statFileNames } from '../lib/diff-output.ts';
import type { Step } from '../lib/steps.ts';
import { makeScratchWorkshop, type ScratchWorkshop } from './support/scratch-workshop.ts';

const tip = (scratch: ScratchWorkshop, ref: string) => scratch.git('rev-parse', ref).trim();
const steps = ['step-01', 'step-02', 'step-03'];

describe('npm run branches', () => {
  const scratch = makeScratchWorkshop();
  // Work in progress in the checkout: one staged change, one unstaged, one untracked file.
  scratch.write(
    'frontend/src/pages/index.tsx',
    'export default function Home() { return null; }\n',
  );
  scratch.git('add', 'frontend/src/pages/index.tsx');
  scratch.write('backend/src/server.ts', "console.log('mine');\n");
  scratch.write('notes.txt', 'mine\n');
  const before = {
    head: scratch.git('symbolic-ref', 'HEAD'),
    commit: tip(scratch, 'HEAD'),
    index: scratch.git('ls-files', '--stage'),
    status: scratch.git('status', '--porcelain'),
  };
  const first = scratch.run('branches.ts');

  it('when run, then step-01..step-03 are one commit each, chained, with the step at the root', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(
      scratch.git('rev-list', '--count', 'step-03').trim(),
      'three commits, one per step',
    ).toBe('3');
    expect(tip(scratch, 'step-02^')).toBe(tip(scratch, 'step-01'));
    expect(tip(scratch, 'step-03^')).toBe(tip(scratch, 'step-02'));

    const files = scratch.git('ls-tree', '-r', '--name-only', 'step-01').trim().split('\n');
    expect(files).toEqual([
      '.gitignore',
      'README.md',
      'frontend/package.json',
      'frontend/src/pages/index.tsx',
      'frontend/src/styles/site.css',
      'package-lock.json',
      'package.json',
      'scripts/hello.ts',
      'steps/01-first-page/tests/home.test.ts',
      'steps/branch.json',
      'tsconfig.json',
    ]);
    expect(JSON.parse(scratch.git('show', 'step-01:steps/branch.json'))).toMatchObject({
      branch: 'step-01',
      step: '01-first-page',
    });
    expect(scratch.git('show', 'step-02:README.md')).toContain('# Chapter 02-api');
    expect(
      JSON.parse(scratch.git('show', 'step-02:frontend/package.json')).name,
      'a branch runs as the workspace',
    ).toBe('@workshop/frontend');
    expect(JSON.parse(scratch.git('show', 'step-02:backend/package.json')).name).toBe(
      '@workshop/backend',
    );
    expect(scratch.git('log', '-1', '--format=%B', 'step-02')).toContain('Workshop-Step: 02');
  });

  it('when run, then each step is dated one second after the previous one, so git log lists them in order', () => {
    const times = steps.map((branch) =>
      Number(scratch.git('log', '-1', '--format=%ct', branch).trim()),
    );
    expect(
      times.slice(1).map((time, position) => time - times[position]!),
      `step commits dated ${times.join(', ')}: with equal dates git log --all mixes up their order`,
    ).toEqual([1, 1]);
    const subjects = scratch.git('log', '--all', '--format=%s').split('\n');
    expect(
      subjects
        .filter((subject) => /^Step \d\d:/.test(subject))
        .map((subject) => subject.slice(0, 7)),
      'git log --all, newest first',
    ).toEqual(['Step 03', 'Step 02', 'Step 01']);
  });

  it('when run, then the current branch, the index and the working tree are untouched', () => {
    expect(scratch.git('symbolic-ref', 'HEAD')).toBe(before.head);
    expect(tip(scratch, 'HEAD')).toBe(before.commit);
    expect(scratch.git('ls-files', '--stage')).toBe(before.index);
    expect(scratch.git('status', '--porcelain')).toBe(before.status);
  });

  it.each([
    ['1', '2'],
    ['2', '3'],
  ])(
    'when step-0%s and step-0%s are compared with git diff, then the files are those of npm run diff --stat',
    (a, b) => {
      const ours = scratch.run('diff.ts', [a, b, '--stat']);
      const gits = scratch
        .git('diff', '--numstat', `step-0${a}`, `step-0${b}`, '--', 'frontend', 'backend')
        .trim()
        .split('\n');
      expect(statFileNames(ours.stdout)).toEqual(gits.map((line) => line.split('\t')[2]));
      // Per file, the number of changed lines agrees with git's too.
      const ourCounts = ours.stdout
        .split('\n')
        .filter((line) => line.includes(' | '))
        .map((line) => Number(/\|\s+(\d+)/.exec(line)![1]));
      const gitCounts = gits.map(
        (line) => Number(line.split('\t')[0]) + Number(line.split('\t')[1]),
      );
      expect(ourCounts).toEqual(gitCounts);
    },
  );

  it('when run again with nothing changed, then every branch keeps its commit', () => {
    const tips = ['step-01', 'step-02', 'step-03'].map((branch) => tip(scratch, branch));
    const again = scratch.run('branches.ts');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('(unchanged)');
    expect(['step-01', 'step-02', 'step-03'].map((branch) => tip(scratch, branch))).toEqual(tips);
  });

  it('when the branches are deleted and made again, then the commits are the same ones', () => {
    const tips = steps.map((branch) => tip(scratch, branch));
    scratch.git('branch', '-q', '-D', ...steps);
    const again = scratch.run('branches.ts');
    expect(again.status, again.stderr).toBe(0);
    expect(
      steps.map((branch) => tip(scratch, branch)),
      'same tree, parent and date',
    ).toEqual(tips);
  });

  it('when a step changes, then its branch is replaced and stays on top of the previous step', () => {
    const old = { one: tip(scratch, 'step-01'), three: tip(scratch, 'step-03') };
    scratch.write('steps/03-tokens/backend/src/tokens.ts', 'export const ttl = 60;\n');
    const result = scratch.run('branches.ts');
    expect(result.status, result.stderr).toBe(0);
    expect(tip(scratch, 'step-01')).toBe(old.one);
    expect(tip(scratch, 'step-03')).not.toBe(old.three);
    expect(tip(scratch, 'step-03^')).toBe(tip(scratch, 'step-02'));
    expect(scratch.git('show', 'step-03:backend/src/tokens.ts')).toBe('export const ttl = 60;\n');
  });

  it('when a branch has a commit of your own on top, then it is kept unless --force is given', () => {
    const mine = scratch
      .git('commit-tree', 'step-02^{tree}', '-p', 'step-02', '-m', 'My notes on step 2')
      .trim();
    scratch.git('update-ref', 'refs/heads/step-02', mine);

    const refused = scratch.run('branches.ts');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('step-02');
    expect(refused.stderr).toContain('--force');
    expect(tip(scratch, 'step-02'), 'your commit must still be there').toBe(mine);

    const forced = scratch.run('branches.ts', ['--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(tip(scratch, 'step-02')).not.toBe(mine);
    expect(scratch.git('log', '-1', '--format=%B', 'step-02')).toContain('Workshop-Step: 02');
  });

  it('when a step branch is checked out, then it refuses to rewrite it', () => {
    const other = makeScratchWorkshop();
    expect(other.run('branches.ts').status).toBe(0);
    other.git('switch', '-q', 'step-01');
    const result = other.run('branches.ts');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('git switch main');
  });

  it('when the folder is not a git repository, then it fails (exit 1) and says what to do', () => {
    const plain = makeScratchWorkshop({ git: false });
    const result = plain.run('branches.ts');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('not a git repository');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('when given an argument, then it is a usage error (exit 2)', () => {
    expect(scratch.run('branches.ts', ['3']).status).toBe(2);
  });
});

describe('the lockfile in a step branch', () => {
  const step = { number: 2, folder: '02-api' } as Step;
  const lock = {
    name: 'workshop',
    lockfileVersion: 3,
    packages: {
      '': { name: 'workshop', workspaces: ['steps/*/frontend', 'frontend'] },
      frontend: { name: '@workshop/frontend', dependencies: { next: '14.2.35', zod: '^4' } },
      'node_modules/@workshop/frontend': { resolved: 'frontend', link: true },
      'node_modules/@workshop/step-01-frontend': {
        resolved: 'steps/01-first-page/frontend',
        link: true,
      },
      'node_modules/@workshop/step-02-frontend': { resolved: 'steps/02-api/frontend', link: true },
      'node_modules/next': { version: '14.2.35' },
      'steps/01-first-page/frontend': {
        name: '@workshop/step-01-frontend',
        dependencies: { next: '14.2.35' },
      },
      'steps/02-api/frontend': {
        name: '@workshop/step-02-frontend',
        dependencies: { next: '14.2.35', axios: '^1' },
      },
      'steps/02-api/frontend/node_modules/axios': { version: '1.21.1' },
    },
  };

  it("when a branch is built, then the step's app entries become the workspace's and other steps' entries go", () => {
    const result = JSON.parse(branchLockfile(JSON.stringify(lock), step)) as typeof lock;
    expect(Object.keys(result.packages)).toEqual([
      '',
      'frontend',
      'frontend/node_modules/axios',
      'node_modules/@workshop/frontend',
      'node_modules/next',
    ]);
    expect(result.packages.frontend).toEqual({
      name: '@workshop/frontend',
      dependencies: { next: '14.2.35', axios: '^1' },
    });
    expect(result.packages['node_modules/@workshop/frontend']).toEqual({
      resolved: 'frontend',
      link: true,
    });
  });

  it('when the text is not a lockfile, then it is kept as it is', () => {
    expect(branchLockfile('{}\n', step)).toBe('{}\n');
  });
});
