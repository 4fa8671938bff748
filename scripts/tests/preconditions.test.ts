import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPreconditions, skippedBecause, sortOutPreconditions } from '../lib/preconditions.ts';
import type { CheckResult } from '../lib/results.ts';
import { listSteps } from '../lib/steps.ts';

const result = (file: string, name: string, status: CheckResult['status']): CheckResult => ({
  file,
  name,
  status,
  message: status === 'failed' ? `${name} failed` : undefined,
});

const preconditions = [
  {
    check: 'register.test.ts › when a user registers › then 201',
    proves: 'a working registration',
  },
  { check: 'login.test.ts › when a user logs in › then 200', proves: 'a working login' },
];

describe('root cause first (tests/preconditions.json)', () => {
  it('when a precondition fails, then it comes first, and the other failures in its files say they follow from it', () => {
    const found = [
      result('login.test.ts', 'when a user logs in › then the token is HS256', 'failed'),
      result('login.test.ts', 'when a user logs in › then 200 with a token', 'failed'),
      result('register.test.ts', 'when a user registers › then 201 with the user', 'passed'),
    ];
    const { results, needs } = sortOutPreconditions(preconditions, found);
    expect(needs).toEqual(['a working login (login.test.ts)']);
    expect(results[0]!.name).toBe('when a user logs in › then 200 with a token');
    expect(results[0]!.message).toBe('when a user logs in › then 200 with a token failed');
    expect(results[1]!.message).toBe(
      'follows from the failure above: needs a working login (login.test.ts)',
    );
    expect(skippedBecause(needs, ['cors.test.ts'])).toEqual([
      {
        file: 'cors.test.ts',
        name: 'not run',
        status: 'skipped',
        message: 'they need a working login (login.test.ts): fix that first',
      },
    ]);
  });

  it('when a precondition file fails as a whole (its beforeAll), then that counts as the precondition failing', () => {
    const found = [result('register.test.ts', 'setup and teardown', 'failed')];
    expect(sortOutPreconditions(preconditions, found).needs).toEqual([
      'a working registration (register.test.ts)',
    ]);
  });

  it('when every precondition passes, then the results stay as they are and nothing is skipped', () => {
    const found = [
      result('login.test.ts', 'when a user logs in › then the token is HS256', 'failed'),
      result('login.test.ts', 'when a user logs in › then 200 with a token', 'passed'),
    ];
    expect(sortOutPreconditions(preconditions, found)).toEqual({ results: found, needs: [] });
  });

  it.each(listSteps().filter((step) => readPreconditions(step.testsDir).length > 0))(
    "when step $number names its preconditions, then each names a check file of the step and that file's describe and test titles",
    (step) => {
      for (const { check, proves } of readPreconditions(step.testsDir)) {
        const [file, ...titles] = check.split(' › ');
        const path = join(step.testsDir, file!);
        expect(existsSync(path), `${check}: no such check file`).toBe(true);
        const source = readFileSync(path, 'utf8');
        for (const title of titles)
          expect(source, `${check}: "${title}" is not in ${file}`).toContain(title);
        expect(proves, `${check}: say what it proves`).toMatch(/^\S.{5,}/);
      }
    },
  );
});
