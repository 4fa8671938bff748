// Turns the measurements into a table for the terminal and a section of docs/performance.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AuthOverhead, LoginFigures, RefreshFigures, RoundTrips } from '../phases/http.ts';
import type { TokenCost } from '../phases/micro.ts';
import type { ScaleRow } from '../phases/scale.ts';
import type { StormFigures } from '../phases/storm.ts';
import type { LastTestRun, StepTiming } from '../phases/green.ts';
import type { Temperature, Timings } from '../../lib/timings.ts';
import type { Machine } from './machine.ts';
import { formatMs, formatNumber, formatRatio } from './stats.ts';

export interface BenchReport {
  startedAt: string;
  seconds?: number;
  /** True when this run also timed `npm run step 6` itself (--green). */
  green: boolean;
  runs: number;
  machine: Machine;
  token?: TokenCost;
  auth?: AuthOverhead;
  login?: LoginFigures;
  refresh?: RefreshFigures;
  roundTrips?: RoundTrips;
  scale?: ScaleRow[];
  storm?: StormFigures;
  stormSkipped?: string;
  lastTestRun?: LastTestRun;
  /** `npm run step 6` timed by this run (--green). */
  step6?: StepTiming[];
  /** What `npm test` and `npm run step 6` recorded of their own newest runs, cold and warm. */
  timings?: Timings;
}

/** The commands whose recorded timings the report shows. */
export const TIMED_COMMANDS = ['npm test', 'npm run step 6'] as const;

export const GOALS = { authRatio: 0.85, loginRatio: 0.85, stormRefreshes: 1 } as const;

type Row = [figure: string, value: string, goal: string, verdict: string];

const verdict = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : 'MISSED');

function sum(ops: Record<string, number>): number {
  return Object.values(ops).reduce((total, count) => total + count, 0);
}

export function describeOps(ops: Record<string, number>): string {
  const parts = Object.entries(ops).map(
    ([key, count]) => `${key}${count === 1 ? '' : ` ×${formatNumber(count)}`}`,
  );
  return `${formatNumber(sum(ops))} (${parts.join(', ') || 'none'})`;
}

/** The headline rows: each ratio with its goal. */
export function summaryRows(report: BenchReport): Row[] {
  const rows: Row[] = [];
  const { auth, token, login, refresh, storm, roundTrips } = report;
  if (auth) {
    const cpu = (figure: { cpuMicros: number }) =>
      `API CPU ${formatNumber(figure.cpuMicros)} µs/req`;
    rows.push([
      'Profile with requireAuth',
      `${formatNumber(auth.guarded.rps)} req/s · p50 ${formatMs(auth.guarded.p50)} · p99 ${formatMs(auth.guarded.p99)} · ${cpu(auth.guarded)}`,
      '',
      '',
    ]);
    rows.push([
      'Same handler without it',
      `${formatNumber(auth.open.rps)} req/s · p50 ${formatMs(auth.open.p50)} · p99 ${formatMs(auth.open.p99)} · ${cpu(auth.open)}`,
      '',
      '',
    ]);
    rows.push([
      `Auth overhead ratio (median of ${auth.pairs} pairs)`,
      formatRatio(auth.ratio),
      `>= ${GOALS.authRatio}`,
      verdict(auth.ratio >= GOALS.authRatio),
    ]);
    rows.push([
      'CPU that requireAuth adds',
      `${formatNumber(auth.guarded.cpuMicros - auth.open.cpuMicros)} µs per request`,
      '',
      '',
    ]);
    // CPU time per request barely depends on other programs: a steadier view of the same ratio.
    rows.push([
      `Auth overhead by API CPU time (median of ${auth.pairs} pairs)`,
      formatRatio(auth.ratioByCpu),
      'reported',
      '',
    ]);
  }
  if (token) {
    rows.push([
      'Token check (verifyAccessToken)',
      `${formatNumber(token.verifyPerSecond)}/s on one core`,
      '',
      '',
    ]);
    rows.push([
      'Raw HMAC-SHA256, same bytes',
      `${formatNumber(token.hmacPerSecond)}/s on one core`,
      '',
      '',
    ]);
    rows.push(['Token ratio verify/HMAC', formatRatio(token.ratio), 'reported', '']);
  }
  if (login) {
    rows.push([
      'bcrypt.compare alone',
      `${formatNumber(login.bcryptPerSecond)}/s on one core · ${formatNumber(login.bcryptCpuMs)} ms CPU each`,
      '',
      '',
    ]);
    rows.push([
      'Login',
      `${formatNumber(login.login.rps)} req/s · p99 ${formatMs(login.login.p99)} · API CPU ${formatNumber(login.login.cpuMicros / 1000)} ms/req`,
      '',
      '',
    ]);
    rows.push([
      `Login vs one core (median of ${login.pairs} pairs)`,
      formatRatio(login.ratioOneCore),
      `>= ${GOALS.loginRatio}`,
      verdict(login.ratioOneCore >= GOALS.loginRatio),
    ]);
    rows.push([
      `Login vs all ${login.cores} cores`,
      formatRatio(login.ratioAllCores),
      'reported',
      '',
    ]);
    rows.push(['Login by CPU time (bcrypt share)', formatRatio(login.ratioByCpu), 'reported', '']);
  }
  if (refresh) {
    rows.push([
      'Refresh rotation',
      `${formatNumber(refresh.refresh.rps)} req/s · p99 ${formatMs(refresh.refresh.p99)} · API CPU ${formatNumber(refresh.refresh.cpuMicros / 1000)} ms/req · ` +
        `${formatNumber(refresh.storedTokens.before)} → ${formatNumber(refresh.storedTokens.after)} stored tokens`,
      '',
      '',
    ]);
  }
  if (roundTrips) {
    rows.push(['DB round trips: refresh', describeOps(roundTrips.refresh), '', '']);
    rows.push(['DB round trips: login', describeOps(roundTrips.login), '', '']);
    rows.push(['DB round trips: profile', describeOps(roundTrips.profile), '', '']);
  }
  if (storm) {
    for (const size of storm.bySize) {
      const client = size.runs.map((run) => run.sessionRequests);
      const backend = size.runs.map((run) => run.rotations);
      const ok = size.runs.every((run) => run.succeeded === run.calls);
      const one = (counts: number[]) => counts.every((count) => count === GOALS.stormRefreshes);
      rows.push([
        `Storm of ${size.calls} parallel 401s`,
        `refreshes asked by the page ${client.join('/')}, made at the backend ${backend.join('/')} · ${ok ? 'all' : 'NOT all'} retried ok after ${formatMs(size.medianMs)}`,
        '1 refresh',
        verdict(ok && one(client) && one(backend)),
      ]);
    }
  } else if (report.stormSkipped)
    rows.push(['Refresh storm', `skipped: ${report.stormSkipped}`, '', '']);
  return rows;
}

function table(rows: string[][], header: string[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}

export function terminalReport(report: BenchReport): string {
  const parts = [table(summaryRows(report), ['figure', 'value', 'goal', ''])];
  if (report.scale?.length) {
    parts.push(
      table(
        report.scale.map((row) => [
          formatNumber(row.users),
          `${formatNumber(row.profile.rps)} req/s, p99 ${formatMs(row.profile.p99)}`,
          row.login ? `${formatNumber(row.login.rps)} req/s` : '–',
          `${row.idLookup.usesIndex ? 'index' : row.idLookup.usesIndex === false ? 'SCAN' : '?'} / ${row.emailLookup.usesIndex ? 'index' : row.emailLookup.usesIndex === false ? 'SCAN' : '?'}`,
        ]),
        ['users', 'profile', 'login', 'by id / by email'],
      ),
    );
  }
  parts.push(greenLines(report).join('\n'));
  return parts.join('\n\n');
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function greenLines(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const command of TIMED_COMMANDS) {
    for (const temperature of ['cold', 'warm'] as Temperature[]) {
      const timing = report.timings?.[command]?.[temperature];
      lines.push(
        timing
          ? `${command} (${temperature}, ${when(timing.finishedAt)}): ${formatNumber(timing.seconds)} s, ${timing.passed} passed, ${timing.failed} failed`
          : `${command} (${temperature}): not recorded yet; run \`${command}\`${temperature === 'cold' ? ' without .next folders (a fresh clone)' : ' a second time'}`,
      );
    }
  }
  if (report.step6?.length)
    lines.push(
      `(npm run step 6 was timed by this bench run: ${report.step6.map((timing) => `${timing.kind} ${formatNumber(timing.seconds)} s`).join(', ')})`,
    );
  return lines;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function markdownTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function markdownReport(report: BenchReport): string {
  const { machine } = report;
  const out: string[] = [];
  out.push(
    `Measured ${when(report.startedAt)}${report.green ? ' with `--green`' : ''}; ${report.runs} runs per figure, medians shown; the bench took ${formatNumber(report.seconds ?? 0)} s.`,
  );
  out.push('');
  out.push(
    markdownTable(
      ['machine', ''],
      [
        ['CPU', `${machine.cpu} (${machine.cores} cores available)`],
        ['memory', `${machine.memoryGiB} GiB`],
        ['Node', machine.node],
        ['OS', machine.os],
        ['database', machine.database],
        ['code', machine.code],
        [
          'load average (1 min) at start / end',
          `${machine.load.start.toFixed(2)} / ${(machine.load.end ?? Number.NaN).toFixed(2)}`,
        ],
      ],
    ),
  );
  out.push('');
  out.push('### Ratios and figures');
  out.push('');
  out.push(markdownTable(['figure', 'value', 'goal', ''], summaryRows(report)));

  if (report.scale?.length) {
    out.push('', '### How cost grows with the number of users', '');
    out.push(
      markdownTable(
        [
          'users',
          'inserted at',
          'profile (findById)',
          'login (findOne by email)',
          'lookup by id',
          'lookup by email',
        ],
        report.scale.map((row) => [
          formatNumber(row.users),
          `${formatNumber(row.insertRate)} users/s`,
          `${formatNumber(row.profile.rps)} req/s · p99 ${formatMs(row.profile.p99)}`,
          row.login ? `${formatNumber(row.login.rps)} req/s · p99 ${formatMs(row.login.p99)}` : '–',
          row.idLookup.summary,
          row.emailLookup.summary,
        ]),
      ),
    );
    const last = report.scale.at(-1)!;
    out.push(
      '',
      `<details><summary>What explain() answered at ${formatNumber(last.users)} users</summary>`,
      '',
    );
    out.push(
      '`User.findOne({ email })`:',
      '',
      '```json',
      JSON.stringify(last.emailLookup.raw, null, 2),
      '```',
      '',
    );
    out.push(
      '`User.findById(id)`:',
      '',
      '```json',
      JSON.stringify(last.idLookup.raw, null, 2),
      '```',
      '',
      '</details>',
    );
  }

  if (report.storm) {
    out.push('', '### Refresh storm in Chromium', '');
    out.push(
      markdownTable(
        [
          'parallel calls',
          'runs',
          '401s seen',
          'requests to /api/auth/session',
          'refreshes at the backend',
          'calls that succeeded',
          'time until all retries are done (median)',
        ],
        report.storm.bySize.map((size) => [
          String(size.calls),
          String(size.runs.length),
          size.runs.map((run) => run.unauthorized).join(' / '),
          size.runs.map((run) => run.sessionRequests).join(' / '),
          size.runs.map((run) => run.rotations).join(' / '),
          size.runs.map((run) => `${run.succeeded}/${run.calls}`).join(' / '),
          formatMs(size.medianMs),
        ]),
      ),
    );
    out.push(
      '',
      `Frontend build: ${report.storm.frontendBuild.reused ? 'reused from the previous bench run' : `built in ${formatNumber(report.storm.frontendBuild.seconds)} s`}.`,
    );
  }

  out.push('', '### Time to green', '');
  out.push(...greenLines(report).map((line) => `- ${line}`));
  const parts = report.lastTestRun?.parts ?? [];
  if (parts.length) {
    out.push('', `The parts of the newest \`npm test\` (${when(report.lastTestRun!.finishedAt)}):`);
    out.push(
      '',
      markdownTable(
        ['part of npm test', 'passed', 'failed', 'seconds'],
        parts.map((part) => [
          part.name,
          String(part.passed),
          String(part.failed),
          formatNumber(part.seconds),
        ]),
      ),
    );
  }
  return out.join('\n');
}

const MARKERS = { start: '<!-- bench:start -->', end: '<!-- bench:end -->' };
export const LOOP_MARKERS = { start: '<!-- bench:loop:start -->', end: '<!-- bench:loop:end -->' };

/** Replaces the generated part of the doc (between the markers) and keeps the rest. */
export function writeDoc(path: string, section: string, markers = MARKERS): void {
  const { start: START, end: END } = markers;
  const generated = `${START}\n<!-- Written by npm run bench: edits between these markers are replaced on the next run. -->\n\n${section}\n\n${END}`;
  const current = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Performance\n\n## Latest figures\n\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + generated + current.slice(end + END.length)
      : `${current.trimEnd()}\n\n${generated}\n`;
  writeFileSync(path, next);
}
