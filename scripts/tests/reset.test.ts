import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTrees, isSame } from '../lib/tree.ts';
import { makeScratchWorkshop, type ScratchWorkshop } from './support/scratch-workshop.ts';

const backups = (scratch: ScratchWorkshop) => {
  const folder = join(scratch.root, '.workshop', 'backups');
  return existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [];
};

const expectWorkspaceIs = (scratch: ScratchWorkshop, stepFolder: string, app: string) => {
  const difference = compareTrees(
    join(scratch.root, 'steps', stepFolder, app),
    join(scratch.root, app),
  );
  expect(
    isSame(difference),
    `${app}/ should equal steps/${stepFolder}/${app}: ${JSON.stringify(difference)}`,
  ).toBe(true);
};

describe('npm run reset', () => {
  it('when reset to another step, then frontend/ is the same folder, so a program working in it (npm run dev) keeps its working folder', () => {
    const scratch = makeScratchWorkshop();
    const home = process.cwd();
    // This process stands in for the dev server: its working folder is the app's folder.
    process.chdir(join(scratch.root, 'frontend'));
    try {
      const result = scratch.run('reset.ts', ['2', '--force']);
      expect(result.status, result.stderr).toBe(0);
      expect(() => process.cwd(), 'the folder was removed and made again').not.toThrow();
    } finally {
      process.chdir(home);
    }
    expectWorkspaceIs(scratch, '02-api', 'frontend');
  });

  it('when reset to a step, then the workspace equals that step and the old one is in a backup', () => {
    const scratch = makeScratchWorkshop();
    scratch.write(
      'frontend/.env.local',
      'NEXTAUTH_SECRET=kept-across-resets-because-it-is-yours\n',
    );
    const result = scratch.run('reset.ts', ['1']);
    expect(result.status, result.stderr).toBe(0);

    expectWorkspaceIs(scratch, '01-first-page', 'frontend');
    expect(
      existsSync(join(scratch.root, 'backend')),
      'step 1 has no backend, so backend/ goes',
    ).toBe(false);
    expect(JSON.parse(readFileSync(join(scratch.root, 'frontend/package.json'), 'utf8')).name).toBe(
      '@workshop/frontend',
    );
    expect(
      readFileSync(join(scratch.root, 'frontend/.env.local'), 'utf8'),
      'your .env files stay',
    ).toContain('kept-across-resets');

    const [backup] = backups(scratch);
    expect(result.stdout).toContain('.workshop/backups/');
    expect(readFileSync(join(backup!, 'backend/src/tokens.ts'), 'utf8')).toBe(
      'export const ttl = 900;\n',
    );
    expect(result.stdout, 'the dependencies changed').toContain('npm install');
    expect(result.stdout).toContain('npm run check 1');
  });

  it('when frontend/ has uncommitted changes, then reset refuses and changes nothing; with --force the change is in the backup', () => {
    const scratch = makeScratchWorkshop();
    scratch.write('frontend/src/pages/index.tsx', '// my own work\n');
    const refused = scratch.run('reset.ts', ['2']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('frontend/src/pages/index.tsx');
    expect(refused.stderr).toContain('npm run reset 2 -- --force');
    expect(readFileSync(join(scratch.root, 'frontend/src/pages/index.tsx'), 'utf8')).toBe(
      '// my own work\n',
    );
    expect(backups(scratch)).toEqual([]);

    const forced = scratch.run('reset.ts', ['2', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expectWorkspaceIs(scratch, '02-api', 'frontend');
    expectWorkspaceIs(scratch, '02-api', 'backend');
    expect(readFileSync(join(backups(scratch)[0]!, 'frontend/src/pages/index.tsx'), 'utf8')).toBe(
      '// my own work\n',
    );
  });

  it('when the work is one file on top of an earlier reset, then the refusal lists that file only, against the nearest step', () => {
    const scratch = makeScratchWorkshop();
    expect(scratch.run('reset.ts', ['1']).status).toBe(0);
    scratch.write('frontend/src/pages/index.tsx', '// my own work\n');
    const refused = scratch.run('reset.ts', ['2']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('as it differs from the end of step 1 (the nearest step)');
    expect(refused.stderr).toContain('  frontend/src/pages/index.tsx\n');
    expect(
      refused.stderr,
      'files that only differ from git HEAD because of the earlier reset are not your work',
    ).not.toContain('client.ts');
  });

  it('when the workspace is the code of a step (say, from an earlier reset), then no --force is needed', () => {
    const scratch = makeScratchWorkshop();
    expect(scratch.run('reset.ts', ['1']).status).toBe(0);
    const again = scratch.run('reset.ts', ['2']);
    expect(again.status, again.stderr).toBe(0);
    expectWorkspaceIs(scratch, '02-api', 'backend');
  });

  it('when reset to 0, then frontend/ and backend/ are gone and chapter 1 comes next', () => {
    const scratch = makeScratchWorkshop();
    scratch.write('frontend/.env.local', 'NEXTAUTH_SECRET=mine\n');
    const result = scratch.run('reset.ts', ['0']);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(scratch.root, 'frontend'))).toBe(false);
    expect(existsSync(join(scratch.root, 'backend'))).toBe(false);
    expect(result.stdout).toContain('steps/01-first-page/README.md');
    expect(
      readFileSync(join(backups(scratch)[0]!, 'frontend/.env.local'), 'utf8'),
      'the backup keeps your .env files',
    ).toBe('NEXTAUTH_SECRET=mine\n');
  });

  it('when the workspace already is the step, then nothing is copied or backed up', () => {
    const scratch = makeScratchWorkshop();
    const result = scratch.run('reset.ts', ['3']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('already holds the end of step 3');
    expect(backups(scratch)).toEqual([]);
  });

  it('when the folder is not a git repository, then reset refuses without --force and works with it', () => {
    const scratch = makeScratchWorkshop({ git: false });
    scratch.write('backend/src/tokens.ts', '// my own work\n');
    const refused = scratch.run('reset.ts', ['1']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not a git repository');
    expect(readFileSync(join(scratch.root, 'backend/src/tokens.ts'), 'utf8')).toBe(
      '// my own work\n',
    );

    const forced = scratch.run('reset.ts', ['1', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expectWorkspaceIs(scratch, '01-first-page', 'frontend');
    expect(backups(scratch)).toHaveLength(1);
  });

  it('when the step does not exist, then it is a usage error (exit 2) listing the steps and 0', () => {
    const scratch = makeScratchWorkshop({ git: false });
    const result = scratch.run('reset.ts', ['7']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('2  api');
    expect(result.stderr).toContain('0  the start');
    expect(scratch.run('reset.ts', []).status).toBe(2);
  });
});
