// `npm run bench`: performance figures of the finished system (step 6), each side by side with
// the baseline it is judged against. Loopback only; every run is bounded in time or count.
// See docs/performance.md for what each figure means.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import mongoose from 'mongoose';
import { signAccessToken } from '../../steps/06-refresh-tokens/backend/src/lib/tokens.ts';
import { passwordHashing } from '../../steps/06-refresh-tokens/backend/src/models/user.model.ts';
import { startDatabase, type Database } from '../db/launch.ts';
import { parseCommandLine, runCommand } from '../lib/cli.ts';
import { colour, log, UserError } from '../lib/log.ts';
import { outputDir, repoRoot } from '../lib/paths.ts';
import { stopAll, stopAllOnExit } from '../lib/processes.ts';
import { readTimings } from '../lib/timings.ts';
import { describeMachine } from './lib/machine.ts';
import { Population } from './lib/population.ts';
import {
  GOALS,
  LOOP_MARKERS,
  markdownReport,
  terminalReport,
  writeDoc,
  type BenchReport,
} from './lib/report.ts';
import { BENCH_PASSWORD, benchEmail, newSecrets, plan, RUNS } from './lib/settings.ts';
import { formatNumber } from './lib/stats.ts';
import { startBenchApi, type BenchApi } from './phases/api.ts';
import { readLastTestRun, timeStepSix, type StepTiming } from './phases/green.ts';
import {
  countRoundTrips,
  measureAuthOverhead,
  measureLogin,
  measureRefresh,
} from './phases/http.ts';
import { measureTokenCost } from './phases/micro.ts';
import { measureAtSize, type ScaleRow } from './phases/scale.ts';
import { measureLoop } from './phases/loop.ts';
import { loopReport } from './lib/loop-report.ts';

const usage = `Usage: npm run bench [-- options]
  --green          also time \`npm run step 6\` cold and warm (adds several minutes); without
                   it the bench reports what \`npm test\` and \`npm run step 6\` recorded
  --loop           time the learner's loop instead: every step's checks warm, step 3 again with
                   nothing changed, and watch mode from a save to its result (about ten
                   minutes; writes its own section of docs/performance.md)
  --skip-browser   skip the refresh storm in Chromium
  --only api|storm run one part (api: token, auth, login, refresh, growth with users)
  --profile        write a CPU profile of the bench API to .workshop/bench/profiles/
  --runs N         runs per figure, 3 to 9 (default ${RUNS})
docs/performance.md is rewritten only by a run of every part.`;

const parts = ['api', 'storm'] as const;

/** The measuring part (without timing `npm run step 6`) is stopped if it takes longer. */
const TIME_LIMIT_MS = 9 * 60_000;

function parseOptions() {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      green: { type: 'boolean', default: false },
      loop: { type: 'boolean', default: false },
      'skip-browser': { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      runs: { type: 'string', default: String(RUNS) },
    },
    usage,
  );
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 3 || runs > 9)
    throw new UserError(`--runs must be a whole number from 3 to 9.\n\n${usage}`, 2);
  if (values.only !== undefined && !(parts as readonly string[]).includes(values.only)) {
    throw new UserError(`--only takes one of: ${parts.join(', ')}.\n\n${usage}`, 2);
  }
  const only = values.only as (typeof parts)[number] | undefined;
  return {
    loop: values.loop,
    runs,
    green: values.green && only === undefined,
    profile: values.profile,
    api: only === undefined || only === 'api',
    storm: !values['skip-browser'] && (only === undefined || only === 'storm'),
    complete: only === undefined && !values['skip-browser'],
  };
}

type Options = ReturnType<typeof parseOptions>;

/** The bench API: the backend's createApp on the bench database, in production mode. */
function startApi(secrets: ReturnType<typeof newSecrets>, mongodbUri: string, profile: boolean) {
  log.step("Starting the bench API (the backend's createApp + one route without requireAuth)");
  return startBenchApi(
    // The refresh runs rotate each of 20 sign-ins many times a minute: they measure rotation,
    // not the per-sign-in limit, which a fast machine would otherwise meet.
    {
      ...secrets,
      MONGODB_URI: mongodbUri,
      NODE_ENV: 'production',
      CORS_ORIGIN: 'http://127.0.0.1:3000',
      REFRESH_MAX_PER_MINUTE: '10000',
    },
    profile ? { profileDir: join(outputDir, 'bench', 'profiles') } : {},
  );
}

/** Token cost, auth overhead, login and refresh, against the users inserted so far. */
async function measureRequests(
  report: BenchReport,
  api: BenchApi,
  population: Population,
  jwtSecret: string,
  runs: number,
) {
  const userId = String(population.ids[0]);
  const accessToken = signAccessToken(userId, jwtSecret, 15 * 60_000);

  phase("Token cost: requireAuth's verification vs a bare HMAC-SHA256, one core");
  report.token = measureTokenCost(jwtSecret, userId, runs, plan.token.loopMs);
  log.ok(
    `token check ${formatNumber(report.token.verifyPerSecond)}/s, HMAC ${formatNumber(report.token.hmacPerSecond)}/s, ratio ${report.token.ratio.toFixed(3)}`,
  );

  phase('Auth overhead: GET profile with requireAuth vs the same handler without it');
  report.auth = await measureAuthOverhead(api, userId, accessToken, runs);
  log.ok(
    `ratio ${report.auth.ratio.toFixed(2)} by req/s (goal >= ${GOALS.authRatio}), ${report.auth.ratioByCpu.toFixed(2)} by API CPU time`,
  );

  phase('Login vs bcrypt.compare alone on one core');
  const cookies: string[] = [];
  const { randomEmail, passwordHash } = population;
  const login = await measureLogin(api, randomEmail, BENCH_PASSWORD, passwordHash, runs, cookies);
  report.login = login;
  log.ok(
    `ratio ${login.ratioOneCore.toFixed(2)} of one core (goal >= 0.85), ${login.ratioAllCores.toFixed(2)} of ${login.cores} cores`,
  );

  phase('Refresh rotation: each request with a fresh cookie');
  report.refresh = await measureRefresh(api, cookies, runs);
  const signIn = { email: benchEmail(0), password: BENCH_PASSWORD };
  report.roundTrips = await countRoundTrips(api, accessToken, signIn, cookies);
  log.ok(`${formatNumber(report.refresh.refresh.rps)} req/s`);
  return login.login;
}

/** Profile and login at each population size; the first size is the one measured already. */
async function measureGrowth(
  api: BenchApi,
  population: Population,
  jwtSecret: string,
  runs: number,
  first: Pick<ScaleRow, 'insertRate' | 'login'>,
): Promise<ScaleRow[]> {
  phase('How cost grows with the number of users');
  const rows: ScaleRow[] = [];
  for (const users of plan.scale.sizes) {
    const isFirst = users === plan.scale.sizes[0];
    const options = { password: BENCH_PASSWORD, login: !isFirst };
    const row = await measureAtSize(api, population, users, jwtSecret, runs, options);
    // At the first size the login figure is the one measured above, against the same users.
    rows.push(isFirst ? { ...row, ...first } : row);
  }
  return rows;
}

/** Token, auth overhead, login, refresh and growth with users, against the bench API. */
async function measureApi(
  report: BenchReport,
  options: Options,
  mongodbUri: string,
  population: Population,
) {
  const secrets = newSecrets();
  let api: BenchApi | undefined;
  try {
    api = await startApi(secrets, mongodbUri, options.profile);
    const firstSize = plan.scale.sizes[0];
    const insertRate = await population.growTo(firstSize, () => {});
    log.ok(`${formatNumber(firstSize)} users inserted (${formatNumber(insertRate)} users/s)`);
    const { JWT_SECRET } = secrets;
    const login = await measureRequests(report, api, population, JWT_SECRET, options.runs);
    report.scale = await measureGrowth(api, population, JWT_SECRET, options.runs, {
      insertRate,
      login,
    });
  } finally {
    await api?.stop();
  }
}

let started = Date.now();
const phase = (title: string) =>
  log.step(colour.bold(`${title} (${Math.round((Date.now() - started) / 1000)} s)`));

/** A new report with the machine it runs on; warns when other programs already load it. */
async function startReport(database: Database, options: Options): Promise<BenchReport> {
  const machine = await describeMachine(database.engine);
  log.ok(
    `${machine.database}; ${machine.cpu}, ${machine.cores} cores, load ${machine.load.start.toFixed(2)}`,
  );
  if (machine.load.start > machine.cores) {
    log.warn(
      'Other programs keep this machine busy: absolute figures will be low; the ratios, measured side by side, hold up better.',
    );
  }
  return {
    startedAt: new Date(started).toISOString(),
    green: options.green,
    runs: options.runs,
    machine,
  };
}

/** The parts asked for (API, storm), each on a database of its own. */
async function measureParts(database: Database, options: Options): Promise<BenchReport> {
  const mongodbUri = `${database.uri}bench_${Date.now().toString(36)}`;
  await mongoose.connect(mongodbUri, { autoIndex: false, serverSelectionTimeoutMS: 5_000 });
  const report = await startReport(database, options);

  phase(`Hashing the seed password once (bcrypt cost ${passwordHashing.cost})`);
  const population = new Population(await bcrypt.hash(BENCH_PASSWORD, passwordHashing.cost));

  if (options.api) await measureApi(report, options, mongodbUri, population);

  if (options.storm) {
    phase('Refresh storm: parallel 401s in Chromium against the built step 6 frontend');
    const { measureStorm } = await import('./phases/storm.ts');
    report.storm = await measureStorm({
      mongodbUri: `${database.uri}bench_storm_${Date.now().toString(36)}`,
      secrets: newSecrets(),
      passwordHash: population.passwordHash,
      password: BENCH_PASSWORD,
      runs: options.runs,
    });
  } else report.stormSkipped = options.api ? '--skip-browser' : 'not asked for';
  return report;
}

async function timeStepSixColdAndWarm(): Promise<StepTiming[]> {
  phase('Time to green: npm run step 6, cold (no .next) then warm');
  const timings: StepTiming[] = [];
  for (const kind of ['cold', 'warm'] as const) {
    const timing = await timeStepSix(kind);
    timings.push(timing);
    log.ok(`${kind}: ${formatNumber(timing.seconds)} s, ${timing.summary}`);
  }
  return timings;
}

/** The full figures as JSON, for comparing two runs (before and after a change, say). */
function saveFigures(name: string, figures: unknown): string {
  mkdirSync(join(outputDir, 'bench'), { recursive: true });
  const file = join(outputDir, 'bench', name);
  writeFileSync(file, JSON.stringify(figures, null, 2));
  return file;
}

/** Prints the report and saves it; only a run of every part rewrites docs/performance.md. */
function writeReport(report: BenchReport, complete: boolean, measuredSeconds: number) {
  // npm run step 6 records its own timing, so the runs above are in here too.
  report.timings = readTimings();
  report.machine.load.end = loadavg()[0]!;
  report.seconds = (Date.now() - started) / 1000;
  console.log(`\n${terminalReport(report)}\n`);
  const json = saveFigures(`run-${started}.json`, report);
  log.ok(
    `Measured in ${formatNumber(measuredSeconds)} s (${formatNumber(report.seconds)} s in all). All figures: ${json.slice(repoRoot.length + 1)}`,
  );
  if (complete) {
    writeDoc(join(repoRoot, 'docs', 'performance.md'), markdownReport(report));
    log.ok('Latest figures written to docs/performance.md.');
  } else log.warn('Only part of the bench ran: docs/performance.md is left as it was.');
}

async function main(): Promise<number> {
  stopAllOnExit();
  const options = parseOptions();
  if (options.loop) return benchLoop();
  const watchdog = setTimeout(() => {
    log.fail(`The bench did not finish within ${TIME_LIMIT_MS / 60_000} minutes; stopping.`);
    void stopAll().finally(() => process.exit(1));
  }, TIME_LIMIT_MS);
  watchdog.unref();

  started = Date.now();
  let database: Database | undefined;
  try {
    phase('Starting the database');
    database = await startDatabase();
    const report = await measureParts(database, options);
    await mongoose.disconnect();
    await database.stop();
    database = undefined;

    report.lastTestRun = readLastTestRun();
    const measuredSeconds = (Date.now() - started) / 1000;
    clearTimeout(watchdog);
    if (options.green) report.step6 = await timeStepSixColdAndWarm();
    writeReport(report, options.complete, measuredSeconds);
    return 0;
  } finally {
    await mongoose.disconnect().catch(() => {});
    await database?.stop();
    await stopAll();
  }
}

/** --loop: the learner's loop, on its own (it runs the step checks, which start their own services). */
async function benchLoop(): Promise<number> {
  phase("The learner's loop: npm run step N for every step, step 3 again, then watch mode");
  const loop = await measureLoop();
  const finishedAt = new Date().toISOString();
  saveFigures(`loop-${Date.now()}.json`, loop);
  const section = loopReport(loop, finishedAt);
  console.log(`\n${section}\n`);
  writeDoc(join(repoRoot, 'docs', 'performance.md'), section, LOOP_MARKERS);
  log.ok("The learner's loop written to docs/performance.md.");
  return 0;
}

runCommand(main);
