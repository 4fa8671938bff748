import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../lib/log.ts';
import { scratchDir } from '../lib/paths.ts';
import { listSteps, parseStep } from '../lib/steps.ts';

function fakeSteps() {
  const root = scratchDir('steps');
  for (const folder of ['01-project-setup', '02-nextauth-config', '03-express-backend', 'notes']) {
    mkdirSync(join(root, folder));
  }
  mkdirSync(join(root, '03-express-backend', 'backend'));
  return listSteps(root);
}

describe('step arguments', () => {
  const steps = fakeSteps();

  it('when the folders are listed, then only NN-name folders count, in order, with what they hold', () => {
    expect(steps.map((step) => step.number)).toEqual([1, 2, 3]);
    expect(steps[2]).toMatchObject({
      title: 'express backend',
      hasBackend: true,
      hasFrontend: false,
    });
  });

  it.each(['3', '03', '03-express-backend', ' 3 '])(
    'when given "%s", then it is step 3',
    (argument) => {
      expect(parseStep(argument, steps).folder).toBe('03-express-backend');
    },
  );

  it.each(['9', 'abc', '', '0', '3x', undefined])(
    'when given %s, then it is a usage error (exit 2) listing the steps',
    (argument) => {
      let error: unknown;
      try {
        parseStep(argument, steps);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
      expect((error as UserError).message).toContain('1  project setup');
    },
  );
});

describe('a folder without steps/', () => {
  it('when a step is asked for, then the error says to use a clone of main, instead of an empty list', () => {
    const none = listSteps(join(scratchDir('no-steps'), 'steps'));
    expect(none).toEqual([]);
    expect(() => parseStep('3', none)).toThrow(/has no steps\/ folders/);
    expect(() => parseStep('3', none)).toThrow(/clone of the main branch/);
  });
});

describe('a step branch (steps/branch.json)', () => {
  const root = scratchDir('step-branch');
  for (const folder of ['02-nextauth-config', '03-express-backend'])
    mkdirSync(join(root, 'steps', folder, 'tests'), { recursive: true });
  mkdirSync(join(root, 'backend'));
  mkdirSync(join(root, 'frontend'));
  writeFileSync(
    join(root, 'steps', 'branch.json'),
    JSON.stringify({ branch: 'step-03', step: '03-express-backend' }),
  );
  const steps = listSteps(join(root, 'steps'));

  it("when the steps are listed, then only the branch's step is, with the root as its code and its own checks", () => {
    expect(steps.map((step) => step.folder)).toEqual(['03-express-backend']);
    expect(steps[0]).toMatchObject({
      dir: root,
      testsDir: join(root, 'steps', '03-express-backend', 'tests'),
      hasBackend: true,
      hasFrontend: true,
    });
  });

  it('when another step is asked for, then the error says the branch holds one step and where the others are', () => {
    expect(parseStep('3', steps).number).toBe(3);
    expect(() => parseStep('2', steps)).toThrow(
      /"2" is not a step on this branch: step-03 holds step 3 \(express backend\) alone; the other steps are on the main branch/,
    );
  });
});
