// The carry-forward rule (scripts/lib/carry-forward.ts) on the real steps, and on fake ones to
// show that it fails when a check file is dropped without a written reason.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { carryForwardProblems } from '../lib/carry-forward.ts';
import { listSteps } from '../lib/steps.ts';
import { makeScratchFolder } from './support/scratch-folder.ts';

describe('the carry-forward rule', () => {
  it('when the real steps are read, then every check file is carried byte-identical or retired with a reason', () => {
    expect(carryForwardProblems(listSteps())).toEqual([]);
  });
});

describe('the carry-forward rule on fake steps', () => {
  const { root, write } = makeScratchFolder('carry-forward');
  const steps = () =>
    [1, 2].map((number) => ({ number, testsDir: join(root, `0${number}`, 'tests') }));

  beforeEach(() => {
    rmSync(root, { recursive: true, force: true });
    write('01/tests/login.test.ts', "import { post } from './support/helpers.ts';\n");
    write('01/tests/support/helpers.ts', 'v1');
    write('02/tests/support/helpers.ts', 'v1');
  });

  it('when a later step copies the file and its support files byte-identical, then there is no problem', () => {
    write('02/tests/login.test.ts', "import { post } from './support/helpers.ts';\n");
    expect(carryForwardProblems(steps())).toEqual([]);
  });

  it('when a later step drops a check file without a word, then the rule names it', () => {
    expect(carryForwardProblems(steps())).toEqual([
      expect.stringMatching(/step 2 drops or changes step 1's login\.test\.ts/),
    ]);
  });

  it('when a later step changes a check file under the same name, then the rule names it', () => {
    write('02/tests/login.test.ts', '// another promise\n');
    expect(carryForwardProblems(steps())).toEqual([
      expect.stringMatching(/step 2 drops or changes step 1's login\.test\.ts/),
    ]);
  });

  it('when the drop is listed in retired.json with a reason, then it is a decision, not a problem', () => {
    write('02/tests/retired.json', '{ "login.test.ts": "step 2 answers { accessToken, user }" }');
    expect(carryForwardProblems(steps())).toEqual([]);
  });

  it('when a retired entry has no reason, names no earlier file, or is still carried, then each is a problem', () => {
    write('02/tests/login.test.ts', "import { post } from './support/helpers.ts';\n");
    write('02/tests/retired.json', '{ "login.test.ts": "", "gone.test.ts": "never was there" }');
    expect(carryForwardProblems(steps())).toEqual([
      expect.stringMatching(/login\.test\.ts is retired but still carried/),
      expect.stringMatching(/login\.test\.ts needs a reason/),
      expect.stringMatching(/gone\.test\.ts is not a check file of the step before/),
    ]);
  });

  it('when a carried check file imports a support file that changed, then the rule names it', () => {
    write('02/tests/login.test.ts', "import { post } from './support/helpers.ts';\n");
    write('02/tests/support/helpers.ts', 'v2');
    expect(carryForwardProblems(steps())).toEqual([
      expect.stringMatching(/carries login\.test\.ts, but its support\/helpers\.ts differs/),
    ]);
  });
});
