// The API under load: the price of requireAuth, login against bcrypt, refresh rotation, and
// the database round trips behind each request.
import { availableParallelism } from 'node:os';
import { RefreshToken } from '../../../steps/06-refresh-tokens/backend/src/models/refresh-token.model.ts';
import { log } from '../../lib/log.ts';
import { BENCH_USER_HEADER } from '../server/bench-app.ts';
import { headerOf, refreshTokenFrom } from '../lib/cookies.ts';
import type { LoadResult } from '../lib/load.ts';
import { plan } from '../lib/settings.ts';
import { formatNumber, median } from '../lib/stats.ts';
import { bcryptComparesPerSecond } from './micro.ts';
import type { BenchApi } from './api.ts';

export interface Figure {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time of the API process per answered request, in microseconds. */
  cpuMicros: number;
}

export function medianFigure(results: LoadResult[]): Figure {
  return {
    rps: median(results.map((result) => result.rps)),
    p50: median(results.map((result) => result.p50)),
    p99: median(results.map((result) => result.p99)),
    cpuMicros: median(
      results.flatMap((result) =>
        result.cpuMicrosPerRequest === undefined ? [] : [result.cpuMicrosPerRequest],
      ),
    ),
  };
}

function expectAllOk(what: string, result: LoadResult): LoadResult {
  if (result.failed > 0) {
    throw new Error(
      `${what}: ${result.failed} of ${result.ok + result.failed} answers were not 2xx; see .workshop/bench/logs/bench-api.log`,
    );
  }
  return result;
}

const show = (result: LoadResult) =>
  `${formatNumber(result.rps)} req/s, p99 ${formatNumber(result.p99)} ms, API CPU ${formatNumber((result.cpuMicrosPerRequest ?? Number.NaN) / 1000)} ms/req`;

export interface AuthOverhead {
  guarded: Figure;
  open: Figure;
  /** guarded / open req/s: median of the paired runs. Goal >= 0.85. */
  ratio: number;
  /** open / guarded API CPU time per request: median of the paired runs. Reported. */
  ratioByCpu: number;
  pairs: number;
}

export async function measureAuthOverhead(
  api: BenchApi,
  userId: string,
  accessToken: string,
  runs: number,
): Promise<AuthOverhead> {
  const { connections, seconds, warmupSeconds } = plan.profile;
  const pairs = Math.max(runs, plan.profile.pairs);
  const guarded = (duration: number) =>
    api.load({
      url: `${api.url}/bench/guarded/user/profile`,
      headers: { authorization: `Bearer ${accessToken}` },
      connections,
      seconds: duration,
    });
  const open = (duration: number) =>
    api.load({
      url: `${api.url}/bench/open/user/profile`,
      headers: { [BENCH_USER_HEADER]: userId },
      connections,
      seconds: duration,
    });

  expectAllOk('GET /bench/guarded/user/profile (warm-up)', await guarded(warmupSeconds));
  expectAllOk('GET /bench/open/user/profile (warm-up)', await open(warmupSeconds));
  const guardedRuns: LoadResult[] = [];
  const openRuns: LoadResult[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    // Alternate which goes first, so a machine that slows down over time hurts both alike.
    const guardedFirst = pair % 2 === 0;
    const first = expectAllOk('profile', await (guardedFirst ? guarded : open)(seconds));
    const second = expectAllOk('profile', await (guardedFirst ? open : guarded)(seconds));
    const [withAuth, without] = guardedFirst ? [first, second] : [second, first];
    guardedRuns.push(withAuth);
    openRuns.push(without);
    log.step(
      `  pair ${pair + 1}/${pairs}: with requireAuth ${show(withAuth)} | without ${show(without)} | ratio ${(withAuth.rps / without.rps).toFixed(2)}`,
    );
  }
  const ratios = guardedRuns.map((result, index) => result.rps / openRuns[index]!.rps);
  const cpuRatios = guardedRuns.map(
    (result, index) => openRuns[index]!.cpuMicrosPerRequest! / result.cpuMicrosPerRequest!,
  );
  return {
    guarded: medianFigure(guardedRuns),
    open: medianFigure(openRuns),
    ratio: median(ratios),
    ratioByCpu: median(cpuRatios),
    pairs,
  };
}

export interface LoginFigures {
  login: Figure;
  bcryptPerSecond: number;
  cores: number;
  /** login req/s / bcrypt compares per second on one core (median of paired runs). Goal >= 0.85. */
  ratioOneCore: number;
  /** login req/s / (bcrypt compares per second × cores). */
  ratioAllCores: number;
  /** CPU time of one bcrypt.compare alone, and its share of the API's CPU time per login. */
  bcryptCpuMs: number;
  ratioByCpu: number;
  pairs: number;
}

/** Logins of random seeded users; each answer's refresh cookie goes into `cookies` for the refresh runs. */
export function loginLoad(
  api: BenchApi,
  emails: () => string,
  password: string,
  amount: number,
  cookies?: string[],
) {
  return api.load({
    url: `${api.url}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: emails(), password }),
    connections: plan.login.connections,
    amount,
    setupRequest: (request) => ({
      ...request,
      body: JSON.stringify({ email: emails(), password }),
    }),
    onResponse: (_status, _body, headers) => {
      const token = refreshTokenFrom(headerOf(headers, 'set-cookie'));
      if (token) cookies?.push(token);
    },
  });
}

export async function measureLogin(
  api: BenchApi,
  emails: () => string,
  password: string,
  hash: string,
  runs: number,
  cookies: string[],
): Promise<LoginFigures> {
  const bcryptRuns: number[] = [];
  const bcryptCpu: number[] = [];
  const loginRuns: LoadResult[] = [];
  const pairs = Math.max(runs, plan.login.pairs);
  for (let run = 0; run < pairs; run++) {
    // Side by side: bcrypt alone, then logins, so both see the machine in the same state.
    const cpuBefore = process.cpuUsage();
    const perSecond = await bcryptComparesPerSecond(password, hash, plan.bcrypt.comparesPerRun);
    const cpu = process.cpuUsage(cpuBefore);
    bcryptCpu.push((cpu.user + cpu.system) / 1000 / plan.bcrypt.comparesPerRun);
    bcryptRuns.push(perSecond);
    const result = expectAllOk(
      'POST /api/auth/login',
      await loginLoad(api, emails, password, plan.login.amount, cookies),
    );
    loginRuns.push(result);
    log.step(
      `  pair ${run + 1}/${pairs}: bcrypt.compare alone ${formatNumber(perSecond)}/s (${formatNumber(bcryptCpu.at(-1)!)} ms CPU each); login ${show(result)}`,
    );
  }
  const login = medianFigure(loginRuns);
  const bcryptPerSecond = median(bcryptRuns);
  const cores = availableParallelism();
  // Each run pairs the two, measured back to back: the median of those ratios is steadier
  // than a ratio of medians on a machine whose load changes from second to second.
  const ratioOneCore = median(loginRuns.map((result, run) => result.rps / bcryptRuns[run]!));
  const bcryptCpuMs = median(bcryptCpu);
  return {
    login,
    bcryptPerSecond,
    cores,
    ratioOneCore,
    ratioAllCores: ratioOneCore / cores,
    bcryptCpuMs,
    ratioByCpu: bcryptCpuMs / (login.cpuMicros / 1000),
    pairs,
  };
}

export interface RefreshFigures {
  refresh: Figure;
  sessions: number;
  /** Documents in the refresh token collection before and after the runs (each rotation adds one). */
  storedTokens: { before: number; after: number };
}

/**
 * Each connection takes a fresh refresh cookie from the pool and puts the rotated one back:
 * every cookie is used once, as a real client would (reuse after the leeway would end the family).
 */
export async function measureRefresh(
  api: BenchApi,
  cookies: string[],
  runs: number,
): Promise<RefreshFigures> {
  const { connections, seconds } = plan.refresh;
  if (cookies.length < connections * 2) {
    throw new Error(
      `Refresh needs at least ${connections * 2} signed-in sessions; the login runs gave ${cookies.length}.`,
    );
  }
  const sessions = cookies.length;
  const before = await RefreshToken.estimatedDocumentCount();
  const results: LoadResult[] = [];
  for (let run = 0; run < runs; run++) {
    const result = await api.load({
      url: `${api.url}/api/auth/refresh-token`,
      method: 'POST',
      connections,
      seconds,
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, cookie: `refreshToken=${cookies.shift() ?? ''}` },
      }),
      onResponse: (_status, _body, headers) => {
        const token = refreshTokenFrom(headerOf(headers, 'set-cookie'));
        if (token) cookies.push(token);
      },
    });
    results.push(expectAllOk('POST /api/auth/refresh-token', result));
    log.step(`  run ${run + 1}/${runs}: ${show(result)}`);
  }
  return {
    refresh: medianFigure(results),
    sessions,
    storedTokens: { before, after: await RefreshToken.estimatedDocumentCount() },
  };
}

export interface RoundTrips {
  /** Operations per request, keyed "collection.method". */
  profile: Record<string, number>;
  login: Record<string, number>;
  refresh: Record<string, number>;
}

function perRequest(ops: Record<string, number>, requests: number): Record<string, number> {
  return Object.fromEntries(Object.entries(ops).map(([key, count]) => [key, count / requests]));
}

/** Database round trips of single requests, one at a time, counted by the bench API. */
export async function countRoundTrips(
  api: BenchApi,
  accessToken: string,
  login: { email: string; password: string },
  cookies: string[],
): Promise<RoundTrips> {
  const count = async (requests: number, send: () => Promise<Response>) => {
    await api.resetOps();
    for (let i = 0; i < requests; i++) {
      const response = await send();
      if (!response.ok)
        throw new Error(`${response.url} answered ${response.status} while counting round trips`);
      const token = refreshTokenFrom(response.headers.getSetCookie());
      if (token) cookies.push(token);
    }
    return perRequest(await api.ops(), requests);
  };
  const profile = await count(5, () =>
    fetch(`${api.url}/api/user/profile`, { headers: { authorization: `Bearer ${accessToken}` } }),
  );
  const loginOps = await count(1, () =>
    fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(login),
    }),
  );
  const refresh = await count(5, () =>
    fetch(`${api.url}/api/auth/refresh-token`, {
      method: 'POST',
      headers: { cookie: `refreshToken=${cookies.shift() ?? ''}` },
    }),
  );
  return { profile, login: loginOps, refresh };
}
