import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exemptFiles, redGreenVerdict, redRunFiles } from '../lib/red-green.ts';
import type { CheckResult } from '../lib/results.ts';
import { makeScratchFolder } from './support/scratch-folder.ts';

const check = (name: string, status: CheckResult['status'], file = 'a.test.ts'): CheckResult => ({
  file,
  name,
  status,
});

describe('the red -> green verdict', () => {
  const previousGreen = [check('home page', 'passed')];

  it('when every new check fails on the previous code and passes on its own, then the step passes', () => {
    const verdict = redGreenVerdict({
      step: 3,
      previousGreen,
      green: [check('home page', 'passed'), check('register', 'passed')],
      red: [check('home page', 'passed'), check('register', 'failed')],
      previousCodeStarted: true,
      exempt: [],
    });
    expect(verdict.status).toBe('passed');
    expect(verdict.name).toContain('1 new checks');
  });

  it('when a new check already passes on the previous code, then the step fails and names it', () => {
    const verdict = redGreenVerdict({
      step: 3,
      previousGreen,
      green: [check('register', 'passed'), check('health', 'passed')],
      red: [check('register', 'failed'), check('health', 'passed')],
      previousCodeStarted: true,
      exempt: [],
    });
    expect(verdict.status).toBe('failed');
    expect(verdict.message).toContain('already passes on step 2');
    expect(verdict.message).toContain('health');
    expect(verdict.message).not.toContain('register');
  });

  it('when the previous code could not start, then no new check counts as passing there', () => {
    const verdict = redGreenVerdict({
      step: 1,
      previousGreen: [],
      green: [check('home page', 'passed')],
      red: [],
      previousCodeStarted: false,
      exempt: [],
    });
    expect(verdict.status).toBe('passed');
  });

  it('when a step adds no checks, or a new check fails on its own code, then the step fails', () => {
    expect(
      redGreenVerdict({
        step: 2,
        previousGreen,
        green: previousGreen,
        red: [],
        previousCodeStarted: true,
        exempt: [],
      }).status,
    ).toBe('failed');
    const broken = redGreenVerdict({
      step: 2,
      previousGreen,
      green: [check('session', 'failed')],
      red: [check('session', 'failed')],
      previousCodeStarted: true,
      exempt: [],
    });
    expect(broken.message).toContain('does not pass on its own step');
  });

  it('when a new check of an exempt file passes on the previous code, then it is reported, not counted against the step', () => {
    const green = [
      check('rotation', 'passed'),
      check('malformed JSON', 'passed', 'security-bad-input.test.ts'),
    ];
    const red = [
      check('rotation', 'failed'),
      check('malformed JSON', 'passed', 'security-bad-input.test.ts'),
    ];
    const exempt = redGreenVerdict({
      step: 6,
      previousGreen,
      green,
      red,
      previousCodeStarted: true,
      exempt: ['security-bad-input.test.ts'],
    });
    expect(exempt.status).toBe('passed');
    expect(exempt.name).toContain('1 of them exempt');

    // The name alone exempts nothing: without the declaration the same check fails the step.
    const undeclared = redGreenVerdict({
      step: 6,
      previousGreen,
      green,
      red,
      previousCodeStarted: true,
      exempt: [],
    });
    expect(undeclared.status).toBe('failed');
    expect(undeclared.message).toContain('already passes on step 5');
    expect(undeclared.message).toContain('malformed JSON');
  });
});

describe('skipped checks', () => {
  it('when a new check is skipped on this machine, then it neither counts as new nor fails the step', () => {
    const verdict = redGreenVerdict({
      step: 3,
      previousGreen: [check('home page', 'passed')],
      green: [check('register', 'passed'), check('shutdown', 'skipped')],
      red: [check('register', 'failed'), check('shutdown', 'skipped')],
      previousCodeStarted: true,
      exempt: [],
    });
    expect(verdict.status).toBe('passed');
    expect(verdict.name).toContain('1 new checks');
  });
});

describe('the files of a red run', () => {
  const { root, write } = makeScratchFolder('red-run');

  it('when the previous step has the very same file, or the file declares the exemption, then it is left out', () => {
    write('05/tests/same.test.ts', 'same');
    write('06/tests/same.test.ts', 'same');
    write('05/tests/changed.spec.ts', 'before');
    write('06/tests/changed.spec.ts', 'after');
    write('06/tests/new.test.ts', 'new');
    write('06/tests/nested/deeper.test.ts', 'new');
    write(
      '06/tests/attack.test.ts',
      '// Attacks it all.\n// red-green: exempt, because it attacks the finished system\nimport x;\n',
    );
    // Named like a hardening check, but it declares nothing: it runs like any other.
    write('06/tests/security-load.test.ts', 'attack');
    // Mentions the marker without declaring it (not at the start of a line, no reason).
    write(
      '06/tests/mentions.test.ts',
      "const text = '// red-green: exempt, because x';\n// red-green: exempt\n",
    );
    write('06/tests/support/helpers.ts', 'not a check');
    write('06/tests/env.json', '{}');
    const files = redRunFiles(
      { testsDir: join(root, '06/tests') },
      { testsDir: join(root, '05/tests') },
    );
    expect(files).toEqual([
      'changed.spec.ts',
      'mentions.test.ts',
      'nested/deeper.test.ts',
      'new.test.ts',
      'security-load.test.ts',
    ]);
    expect(exemptFiles(join(root, '06/tests'))).toEqual(['attack.test.ts']);
  });

  it('when the previous step has no tests folder, then every check file but the exempt ones runs', () => {
    write('01/tests/home.spec.ts', 'home');
    const files = redRunFiles(
      { testsDir: join(root, '01/tests') },
      { testsDir: join(root, '00/tests') },
    );
    expect(files).toEqual(['home.spec.ts']);
  });
});
