import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../lib/paths.ts';
import { readTimings, recordTiming } from '../lib/timings.ts';

describe('recorded timings', () => {
  it('when a command runs cold, then warm, then warm again, then the newest of each is kept', () => {
    const dir = scratchDir('timings');
    recordTiming('npm run step 6', 'cold', { seconds: 240, passed: 178, failed: 0 }, dir);
    recordTiming('npm run step 6', 'warm', { seconds: 200, passed: 178, failed: 0 }, dir);
    recordTiming('npm run step 6', 'warm', { seconds: 190, passed: 177, failed: 1 }, dir);
    recordTiming('npm test', 'cold', { seconds: 900, passed: 700, failed: 0 }, dir);

    const timings = readTimings(dir);
    expect(timings['npm run step 6']?.cold?.seconds).toBe(240);
    expect(timings['npm run step 6']?.warm, 'the second warm run replaces the first').toMatchObject(
      { seconds: 190, failed: 1 },
    );
    expect(timings['npm test']?.cold?.passed).toBe(700);
    expect(
      Date.parse(timings['npm test']!.cold!.finishedAt),
      'each run says when it finished',
    ).not.toBeNaN();
  });

  it('when the file was cut short by a stopped run, then reading starts from nothing instead of failing', () => {
    const dir = scratchDir('timings');
    writeFileSync(join(dir, 'timings.json'), '{"npm test": {"cold": {"seco');
    expect(readTimings(dir)).toEqual({});
    recordTiming('npm test', 'warm', { seconds: 1, passed: 1, failed: 0 }, dir);
    expect(Object.keys(readTimings(dir))).toEqual(['npm test']);
  });
});
