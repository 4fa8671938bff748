// Turns the measurements into a table for the terminal and a section of docs/performance.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type {
  AuthOverhead,
  Figure,
  LoginFigures,
  RefreshFigures,
  RoundTrips,
} from '../phases/http.ts';
import type { TokenCost } from '../phases/micro.ts';
import type { ScaleRow } from '../phases/scale.ts';
import type { StormFigures } from '../phases/storm.ts';
import type { LastTestRun, StepTiming } from '../phases/green.ts';
import type { Temperature, Timings } from '../../lib/timings.ts';
import type { PlanSummary } from './explain.ts';
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

/** One row of the headline table; a goal with no `met` gets no verdict. */
function row(figure: string, value: string, goal = '', met?: boolean): Row {
  return [figure, value, goal, verdict(met)];
}

const fastRequests = (figure: Figure) =>
  `${formatNumber(figure.rps)} req/s · p50 ${formatMs(figure.p50)} · p99 ${formatMs(figure.p99)} · API CPU ${formatNumber(figure.cpuMicros)} µs/req`;

// Login and refresh take milliseconds of CPU each, and their p50 says little beside the p99.
const slowRequests = (figure: Figure) =>
  `${formatNumber(figure.rps)} req/s · p99 ${formatMs(figure.p99)} · API CPU ${formatNumber(figure.cpuMicros / 1000)} ms/req`;

function authRows(auth: AuthOverhead): Row[] {
  const pairs = `(median of ${auth.pairs} pairs)`;
  const added = auth.guarded.cpuMicros - auth.open.cpuMicros;
  return [
    row('Profile with requireAuth', fastRequests(auth.guarded)),
    row('Same handler without it', fastRequests(auth.open)),
    row(
      `Auth overhead ratio ${pairs}`,
      formatRatio(auth.ratio),
      `>= ${GOALS.authRatio}`,
      auth.ratio >= GOALS.authRatio,
    ),
    row('CPU that requireAuth adds', `${formatNumber(added)} µs per request`),
    // CPU time per request barely depends on other programs: a steadier view of the same ratio.
    row(`Auth overhead by API CPU time ${pairs}`, formatRatio(auth.ratioByCpu), 'reported'),
  ];
}

function tokenRows(token: TokenCost): Row[] {
  return [
    row('Token check (verifyAccessToken)', `${formatNumber(token.verifyPerSecond)}/s on one core`),
    row('Raw HMAC-SHA256, same bytes', `${formatNumber(token.hmacPerSecond)}/s on one core`),
    row('Token ratio verify/HMAC', formatRatio(token.ratio), 'reported'),
  ];
}

function loginRows(login: LoginFigures): Row[] {
  const bcrypt = `${formatNumber(login.bcryptPerSecond)}/s on one core · ${formatNumber(login.bcryptCpuMs)} ms CPU each`;
  return [
    row('bcrypt.compare alone', bcrypt),
    row('Login', slowRequests(login.login)),
    row(
      `Login vs one core (median of ${login.pairs} pairs)`,
      formatRatio(login.ratioOneCore),
      `>= ${GOALS.loginRatio}`,
      login.ratioOneCore >= GOALS.loginRatio,
    ),
    row(`Login vs all ${login.cores} cores`, formatRatio(login.ratioAllCores), 'reported'),
    row('Login by CPU time (bcrypt share)', formatRatio(login.ratioByCpu), 'reported'),
  ];
}

function refreshRows({ refresh, storedTokens }: RefreshFigures): Row[] {
  const stored = `${formatNumber(storedTokens.before)} → ${formatNumber(storedTokens.after)} stored tokens`;
  return [row('Refresh rotation', `${slowRequests(refresh)} · ${stored}`)];
}

function roundTripRows(roundTrips: RoundTrips): Row[] {
  return [
    row('DB round trips: refresh', describeOps(roundTrips.refresh)),
    row('DB round trips: login', describeOps(roundTrips.login)),
    row('DB round trips: profile', describeOps(roundTrips.profile)),
  ];
}

function stormRows({ storm, stormSkipped }: BenchReport): Row[] {
  if (!storm) return stormSkipped ? [row('Refresh storm', `skipped: ${stormSkipped}`)] : [];
  const once = (counts: number[]) => counts.every((count) => count === GOALS.stormRefreshes);
  return storm.bySize.map((size) => {
    const client = size.runs.map((run) => run.sessionRequests);
    const backend = size.runs.map((run) => run.rotations);
    const ok = size.runs.every((run) => run.succeeded === run.calls);
    return row(
      `Storm of ${size.calls} parallel 401s`,
      `refreshes asked by the page ${client.join('/')}, made at the backend ${backend.join('/')} · ${ok ? 'all' : 'NOT all'} retried ok after ${formatMs(size.medianMs)}`,
      '1 refresh',
      ok && once(client) && once(backend),
    );
  });
}

const rowsOf = <T>(part: T | undefined, rows: (part: T) => Row[]) => (part ? rows(part) : []);

/** The headline rows: each ratio with its goal. */
export function summaryRows(report: BenchReport): Row[] {
  return [
    ...rowsOf(report.auth, authRows),
    ...rowsOf(report.token, tokenRows),
    ...rowsOf(report.login, loginRows),
    ...rowsOf(report.refresh, refreshRows),
    ...rowsOf(report.roundTrips, roundTripRows),
    ...stormRows(report),
  ];
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

const indexUse = ({ usesIndex }: PlanSummary) =>
  usesIndex ? 'index' : usesIndex === false ? 'SCAN' : '?';

export function terminalReport(report: BenchReport): string {
  const parts = [table(summaryRows(report), ['figure', 'value', 'goal', ''])];
  if (report.scale?.length) {
    parts.push(
      table(
        report.scale.map((row) => [
          formatNumber(row.users),
          `${formatNumber(row.profile.rps)} req/s, p99 ${formatMs(row.profile.p99)}`,
          row.login ? `${formatNumber(row.login.rps)} req/s` : '–',
          `${indexUse(row.idLookup)} / ${indexUse(row.emailLookup)}`,
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

// Each section is a list of blocks (paragraphs, tables, code), set apart by blank lines.

function machineSection(report: BenchReport): string[] {
  const { machine } = report;
  const load = `${machine.load.start.toFixed(2)} / ${(machine.load.end ?? Number.NaN).toFixed(2)}`;
  return [
    `Measured ${when(report.startedAt)}${report.green ? ' with `--green`' : ''}; ${report.runs} runs per figure, medians shown; the bench took ${formatNumber(report.seconds ?? 0)} s.`,
    markdownTable(
      ['machine', ''],
      [
        ['CPU', `${machine.cpu} (${machine.cores} cores available)`],
        ['memory', `${machine.memoryGiB} GiB`],
        ['Node', machine.node],
        ['OS', machine.os],
        ['database', machine.database],
        ['code', machine.code],
        ['load average (1 min) at start / end', load],
      ],
    ),
  ];
}

const jsonBlock = (value: unknown) => `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;

function scaleSection(scale: ScaleRow[]): string[] {
  const header = [
    'users',
    'inserted at',
    'profile (findById)',
    'login (findOne by email)',
    'lookup by id',
    'lookup by email',
  ];
  const rows = scale.map((row) => [
    formatNumber(row.users),
    `${formatNumber(row.insertRate)} users/s`,
    `${formatNumber(row.profile.rps)} req/s · p99 ${formatMs(row.profile.p99)}`,
    row.login ? `${formatNumber(row.login.rps)} req/s · p99 ${formatMs(row.login.p99)}` : '–',
    row.idLookup.summary,
    row.emailLookup.summary,
  ]);
  const last = scale.at(-1)!;
  return [
    '### How cost grows with the number of users',
    markdownTable(header, rows),
    `<details><summary>What explain() answered at ${formatNumber(last.users)} users</summary>`,
    '`User.findOne({ email })`:',
    jsonBlock(last.emailLookup.raw),
    '`User.findById(id)`:',
    jsonBlock(last.idLookup.raw),
    '</details>',
  ];
}

function stormSection(storm: StormFigures): string[] {
  const header = [
    'parallel calls',
    'runs',
    '401s seen',
    'requests to /api/auth/session',
    'refreshes at the backend',
    'calls that succeeded',
    'time until all retries are done (median)',
  ];
  const rows = storm.bySize.map(({ calls, runs, medianMs }) => [
    String(calls),
    String(runs.length),
    runs.map((run) => run.unauthorized).join(' / '),
    runs.map((run) => run.sessionRequests).join(' / '),
    runs.map((run) => run.rotations).join(' / '),
    runs.map((run) => `${run.succeeded}/${run.calls}`).join(' / '),
    formatMs(medianMs),
  ]);
  const { reused, seconds } = storm.frontendBuild;
  return [
    '### Refresh storm in Chromium',
    markdownTable(header, rows),
    `Frontend build: ${reused ? 'reused from the previous bench run' : `built in ${formatNumber(seconds)} s`}.`,
  ];
}

function greenSection(report: BenchReport): string[] {
  const blocks = [
    '### Time to green',
    greenLines(report)
      .map((line) => `- ${line}`)
      .join('\n'),
  ];
  const { lastTestRun } = report;
  if (!lastTestRun?.parts?.length) return blocks;
  const rows = lastTestRun.parts.map((part) => [
    part.name,
    String(part.passed),
    String(part.failed),
    formatNumber(part.seconds),
  ]);
  return [
    ...blocks,
    `The parts of the newest \`npm test\` (${when(lastTestRun.finishedAt)}):`,
    markdownTable(['part of npm test', 'passed', 'failed', 'seconds'], rows),
  ];
}

export function markdownReport(report: BenchReport): string {
  return [
    ...machineSection(report),
    '### Ratios and figures',
    markdownTable(['figure', 'value', 'goal', ''], summaryRows(report)),
    ...(report.scale?.length ? scaleSection(report.scale) : []),
    ...(report.storm ? stormSection(report.storm) : []),
    ...greenSection(report),
  ].join('\n\n');
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
