import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../lib/paths.ts';
import {
  countResults,
  formatChecklist,
  readPlaywrightReport,
  readVitestReport,
} from '../lib/results.ts';

const dir = scratchDir('reports');
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

describe('reading test reports', () => {
  it('when Vitest reports passes, failures, skips and a file that did not load, then each becomes one check', () => {
    const path = write('vitest.json', {
      testResults: [
        {
          name: '/x/tests/register.test.ts',
          status: 'failed',
          assertionResults: [
            { title: 'answers 201', ancestorTitles: ['register'], status: 'passed' },
            {
              title: 'answers 409',
              ancestorTitles: ['register'],
              status: 'failed',
              failureMessages: ['Register should answer 409\n    at foo (x.ts:1:1)'],
            },
            { title: 'later', ancestorTitles: [], status: 'skipped' },
          ],
        },
        {
          name: '/x/tests/broken.test.ts',
          status: 'failed',
          message: 'SyntaxError',
          assertionResults: [],
        },
      ],
    });
    const results = readVitestReport(path);
    expect(results.map((r) => [r.file, r.name, r.status])).toEqual([
      ['register.test.ts', 'register › answers 201', 'passed'],
      ['register.test.ts', 'register › answers 409', 'failed'],
      ['register.test.ts', 'later', 'skipped'],
      ['broken.test.ts', 'loads and runs', 'failed'],
    ]);
    expect(countResults(results)).toEqual({ passed: 1, failed: 2, skipped: 1 });
    const checklist = formatChecklist(results);
    expect(checklist).toContain('Register should answer 409');
    expect(checklist, 'stack frames are noise for a learner').not.toContain('at foo');
  });

  it('when Playwright reports nested suites and a global error, then each test and the error are checks', () => {
    const path = write('playwright.json', {
      suites: [
        {
          title: 'login.spec.ts',
          file: 'login.spec.ts',
          specs: [
            { title: 'signs in', tests: [{ status: 'expected', results: [{ status: 'passed' }] }] },
          ],
          suites: [
            {
              title: 'guard',
              specs: [
                {
                  title: 'redirects',
                  tests: [
                    {
                      status: 'unexpected',
                      results: [{ status: 'failed', error: { message: 'expected /login' } }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
      errors: [{ message: 'browser missing' }],
    });
    const results = readPlaywrightReport(path);
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['signs in', 'passed'],
      ['guard › redirects', 'failed'],
      ['loads and runs', 'failed'],
    ]);
  });

  it('when a report file is missing, then there are no checks (the runner turns that into a failure)', () => {
    expect(readVitestReport(join(dir, 'none.json'))).toEqual([]);
    expect(readPlaywrightReport(join(dir, 'none.json'))).toEqual([]);
  });
});
