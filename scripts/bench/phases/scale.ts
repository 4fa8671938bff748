// How cost grows with the number of users: the profile read (findById) and the login lookup
// (findOne by email) at each population size, and how the database runs those lookups.
import { signAccessToken } from '../../../steps/06-refresh-tokens/backend/src/lib/tokens.ts';
import { User } from '../../../steps/06-refresh-tokens/backend/src/models/user.model.ts';
import { log } from '../../lib/log.ts';
import { summarisePlan, type PlanSummary } from '../lib/explain.ts';
import type { LoadResult } from '../lib/load.ts';
import type { Population } from '../lib/population.ts';
import { plan } from '../lib/settings.ts';
import { formatNumber } from '../lib/stats.ts';
import type { BenchApi } from './api.ts';
import { loginLoad, medianFigure, type Figure } from './http.ts';

export interface ScaleRow {
  users: number;
  /** Users inserted per second on the way to this size. */
  insertRate: number;
  profile: Figure;
  login?: Figure;
  emailLookup: PlanSummary;
  idLookup: PlanSummary;
}

export async function explainLookups(population: Population) {
  const index = population.randomIndex();
  const email = (await User.findById(population.ids[index]).lean())?.email;
  const emailLookup = summarisePlan(
    await User.findOne({ email }).select('+password').explain('executionStats'),
  );
  const idLookup = summarisePlan(
    await User.findById(population.ids[index]).explain('executionStats'),
  );
  return { emailLookup, idLookup };
}

/** Inserts users up to `users`, saying how far it got every 20 000; returns users per second. */
function growTo(population: Population, users: number): Promise<number> {
  let lastShown = 0;
  return population.growTo(users, (done) => {
    if (done - lastShown >= 20_000 || done === users) {
      log.step(`  ${formatNumber(done)} users in the database`);
      lastShown = done;
    }
  });
}

function expectAllOk(what: string, users: number, result: LoadResult): LoadResult {
  if (result.failed)
    throw new Error(`${what} at ${users} users: ${result.failed} answers were not 2xx`);
  return result;
}

export async function measureAtSize(
  api: BenchApi,
  population: Population,
  users: number,
  secret: string,
  runs: number,
  options: { password: string; login: boolean },
): Promise<ScaleRow> {
  const insertRate = await growTo(population, users);
  const { emailLookup, idLookup } = await explainLookups(population);

  // Tokens of random users, so the reads spread over the whole collection.
  const tokens = Array.from({ length: plan.scale.tokens }, () =>
    signAccessToken(String(population.ids[population.randomIndex()]), secret, 15 * 60_000),
  );
  let next = 0;
  const profileRuns: LoadResult[] = [];
  const loginRuns: LoadResult[] = [];
  for (let run = 0; run < runs; run++) {
    const profile = await api.load({
      url: `${api.url}/api/user/profile`,
      connections: plan.profile.connections,
      seconds: plan.scale.profileSeconds,
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, authorization: `Bearer ${tokens[next++ % tokens.length]}` },
      }),
    });
    profileRuns.push(expectAllOk('GET /api/user/profile', users, profile));
    let loginText = '';
    if (options.login) {
      const { randomEmail } = population;
      const login = await loginLoad(api, randomEmail, options.password, plan.scale.loginAmount);
      loginRuns.push(expectAllOk('POST /api/auth/login', users, login));
      loginText = `; login ${formatNumber(login.rps)} req/s`;
    }
    log.step(
      `  ${formatNumber(users)} users, run ${run + 1}/${runs}: profile ${formatNumber(profile.rps)} req/s, p99 ${formatNumber(profile.p99)} ms${loginText}`,
    );
  }
  return {
    users,
    insertRate,
    profile: medianFigure(profileRuns),
    ...(loginRuns.length ? { login: medianFigure(loginRuns) } : {}),
    emailLookup,
    idLookup,
  };
}
