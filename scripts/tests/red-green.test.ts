import { describe, expect, it } from 'vitest';
import { redGreenVerdict } from '../lib/red-green.ts';
import type { CheckResult } from '../lib/results.ts';

const check = (name: string, status: CheckResult['status'], file = 'a.test.ts'): CheckResult => ({ file, name, status });

describe('the red -> green verdict', () => {
  const previousGreen = [check('home page', 'passed')];

  it('when every new check fails on the previous code and passes on its own, then the step passes', () => {
    const verdict = redGreenVerdict({
      step: 3,
      previousGreen,
      green: [check('home page', 'passed'), check('register', 'passed')],
      red: [check('home page', 'passed'), check('register', 'failed')],
      previousCodeStarted: true,
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
    });
    expect(verdict.status).toBe('passed');
  });

  it('when a step adds no checks, or a new check fails on its own code, then the step fails', () => {
    expect(redGreenVerdict({ step: 2, previousGreen, green: previousGreen, red: [], previousCodeStarted: true }).status).toBe('failed');
    const broken = redGreenVerdict({
      step: 2,
      previousGreen,
      green: [check('session', 'failed')],
      red: [check('session', 'failed')],
      previousCodeStarted: true,
    });
    expect(broken.message).toContain('does not pass on its own step');
  });

  it('when a new hardening check (security-*) passes on the previous code, then it is reported, not counted against the step', () => {
    const verdict = redGreenVerdict({
      step: 6,
      previousGreen,
      green: [check('rotation', 'passed'), check('malformed JSON', 'passed', 'security-bad-input.test.ts')],
      red: [check('rotation', 'failed'), check('malformed JSON', 'passed', 'security-bad-input.test.ts')],
      previousCodeStarted: true,
    });
    expect(verdict.status).toBe('passed');
    expect(verdict.name).toContain('1 of them hardening checks');
  });
});
