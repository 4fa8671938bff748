// The bench's own logic that decides what a run reports: medians, cookies, explain() answers,
// the verdicts against the goals, and the doc section it rewrites.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { headerOf, refreshTokenFrom } from './lib/cookies.ts';
import { summarisePlan } from './lib/explain.ts';
import { markdownReport, summaryRows, writeDoc, type BenchReport } from './lib/report.ts';
import { median } from './lib/stats.ts';
import type { StormRun } from './phases/storm.ts';

const machine = {
  cpu: 'cpu',
  cores: 2,
  memoryGiB: 1,
  node: 'v20',
  os: 'os',
  database: 'db',
  code: 'abc',
  load: { start: 0 },
};
const figure = (rps: number) => ({ rps, p50: 1, p99: 2, cpuMicros: 100 });
const verdictOf = (report: Partial<BenchReport>, name: RegExp) =>
  summaryRows({ startedAt: '', green: false, runs: 3, machine, ...report }).find((row) =>
    name.test(row[0]),
  )?.[3];

describe('median', () => {
  test('when the count is odd or even, then it is the middle value or the mean of the two middle ones', () => {
    expect(median([5, 1, 3]), 'odd count: the middle of the sorted values').toBe(3);
    expect(median([4, 1, 3, 2]), 'even count: the mean of the two in the middle').toBe(2.5);
  });
});

describe('the refresh cookie in an answer', () => {
  test('when Set-Cookie holds it (in any header case), then its value is read; a cleared cookie gives none', () => {
    const headers = {
      'Set-Cookie': 'refreshToken=abc_DEF-1; Max-Age=3600; Path=/api/auth; HttpOnly',
    };
    expect(
      refreshTokenFrom(headerOf(headers, 'set-cookie')),
      "autocannon keeps the server's header case",
    ).toBe('abc_DEF-1');
    expect(
      refreshTokenFrom('refreshToken=; Path=/api/auth; Expires=Thu, 01 Jan 1970 00:00:00 GMT'),
      'an empty value is no token',
    ).toBeUndefined();
  });
});

describe('explain() answers', () => {
  test('when FerretDB lists SQLite plan rows, then a SCAN is reported as no index', () => {
    const plan = summarisePlan({
      queryPlanner: { Plan: ['id=2 parent=0 notused=0 detail=SCAN users_1'] },
      filterPushdown: false,
      ok: 1,
    });
    expect(plan.summary).toBe('SCAN users_1 · filterPushdown: false');
    expect(plan.usesIndex, 'SCAN reads the whole table').toBe(false);
  });

  test('when MongoDB answers with a stage tree, then IXSCAN is reported as an index', () => {
    const plan = summarisePlan({
      queryPlanner: {
        winningPlan: { stage: 'FETCH', inputStage: { stage: 'IXSCAN', indexName: 'email_1' } },
      },
    });
    expect(plan.summary).toBe('FETCH ← IXSCAN email_1');
    expect(plan.usesIndex).toBe(true);
  });
});

describe('verdicts against the goals', () => {
  test('when the auth ratio by req/s is below 0.85, then it is MISSED; at 0.85 or above, met', () => {
    const auth = (ratio: number) => ({
      auth: { guarded: figure(90), open: figure(100), ratio, ratioByCpu: 0.5, pairs: 10 },
    });
    expect(verdictOf(auth(0.84), /Auth overhead ratio/)).toBe('MISSED');
    expect(verdictOf(auth(0.85), /Auth overhead ratio/)).toBe('met');
  });

  test('when the auth overhead is measured, then the ratio by API CPU time is reported without a verdict', () => {
    const report = {
      auth: { guarded: figure(90), open: figure(100), ratio: 0.9, ratioByCpu: 0.8, pairs: 10 },
    };
    expect(verdictOf(report, /Auth overhead by API CPU time/)).toBe('');
  });

  test('when a storm needs more than one refresh, at the page or at the backend, then it is MISSED', () => {
    const run = (sessionRequests: number, rotations: number): StormRun => ({
      calls: 10,
      ms: 100,
      succeeded: 10,
      unauthorized: 10,
      sessionRequests,
      rotations,
    });
    const storm = (runs: StormRun[]) => ({
      storm: {
        frontendBuild: { reused: true, seconds: 0 },
        bySize: [{ calls: 10, runs, medianMs: 100 }],
      },
    });
    expect(verdictOf(storm([run(1, 1), run(1, 1)]), /Storm/), 'one refresh each time').toBe('met');
    expect(
      verdictOf(storm([run(1, 1), run(3, 1)]), /Storm/),
      'the page asked three times: the fold in api.ts is broken',
    ).toBe('MISSED');
    expect(verdictOf(storm([run(1, 2)]), /Storm/), 'the backend rotated twice').toBe('MISSED');
  });
});

describe('the doc section', () => {
  test('when the doc is rewritten, then only the part between the markers changes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-doc-')), 'performance.md');
    writeFileSync(
      file,
      '# Title\n\nHand-written.\n\n<!-- bench:start -->\nold figures\n<!-- bench:end -->\n\nAfter.\n',
    );
    writeDoc(file, 'new figures');
    const text = readFileSync(file, 'utf8');
    expect(text, 'the figures are replaced').toContain('new figures');
    expect(text).not.toContain('old figures');
    expect(text, 'text outside the markers stays').toMatch(
      /^# Title\n\nHand-written\.\n\n<!-- bench:start -->[\s\S]*<!-- bench:end -->\n\nAfter\.\n$/,
    );
  });
});

describe('time to green', () => {
  test('when only some runs were recorded, then those are shown with their time and the others say how to get them', () => {
    const timing = { finishedAt: '2026-11-28T10:00:00.000Z', seconds: 812, passed: 700, failed: 0 };
    const text = markdownReport({
      startedAt: '2026-11-28T11:00:00.000Z',
      green: false,
      runs: 3,
      machine,
      timings: { 'npm test': { cold: timing } },
    });
    expect(text).toContain('- npm test (cold, 2026-11-28 10:00 UTC): 812 s, 700 passed, 0 failed');
    expect(text, 'a warm run of npm test is missing').toMatch(
      /- npm test \(warm\): not recorded yet; run `npm test` a second time/,
    );
    expect(text, 'no step 6 run is recorded').toMatch(
      /- npm run step 6 \(cold\): not recorded yet/,
    );
  });
});
