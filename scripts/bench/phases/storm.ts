// The refresh storm in a real browser: N API calls leave at once with an expired access
// token, all get 401, and src/utils/api.ts should fold them into ONE session refresh and
// retry each call once. Runs the step 6 backend and its built frontend, as `npm run step 6`
// does, with a short access token lifetime so tokens expire within the bench.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import mongoose, { Types } from 'mongoose';
import playwrightConfig from '../../checks/playwright.config.ts';
import { log } from '../../lib/log.ts';
import { outputDir, repoRoot } from '../../lib/paths.ts';
import { freePort } from '../../lib/ports.ts';
import { startBackend, startFrontend, type Service } from '../../lib/services.ts';
import { loadApiClient } from '../../../steps/06-refresh-tokens/tests/support/api-client.ts';
import { frontendBuild, sourceDir, type FrontendBuild } from '../lib/frontend-build.ts';
import { plan } from '../lib/settings.ts';
import { formatNumber, median } from '../lib/stats.ts';

const stepDir = join(repoRoot, 'steps', '06-refresh-tokens');

export interface StormRun {
  calls: number;
  ms: number;
  succeeded: number;
  unauthorized: number;
  /** Requests the page made to NextAuth's /api/auth/session during the storm. */
  sessionRequests: number;
  /** Refresh tokens the backend rotated for this user during the storm. */
  rotations: number;
}

export interface StormFigures {
  frontendBuild: { reused: boolean; seconds: number };
  bySize: { calls: number; runs: StormRun[]; medianMs: number }[];
}

function stepEnv(): { backend: Record<string, string>; frontend: Record<string, string> } {
  const file = join(stepDir, 'tests', 'env.json');
  const parsed = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<ReturnType<typeof stepEnv>>)
    : {};
  return { backend: parsed.backend ?? {}, frontend: parsed.frontend ?? {} };
}

function ttlMs(text: string): number {
  const match = /^(\d+)(ms|s)$/.exec(text);
  if (!match) throw new Error(`plan.storm.accessTokenTtl must be in s or ms, not ${text}`);
  return Number(match[1]) * (match[2] === 's' ? 1_000 : 1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface Tab {
  page: Page;
  userId: string;
  /** When this tab's access token was issued. */
  renewedAt: number;
}

interface Site {
  frontendUrl: string;
  backendUrl: string;
  build: FrontendBuild;
}

interface StormUser {
  email: string;
  id: string;
}

async function signIn(
  browser: Browser,
  site: Site,
  user: StormUser,
  password: string,
): Promise<Tab> {
  const context = await browser.newContext({ baseURL: site.frontendUrl });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/', { timeout: 30_000 });
    await page.goto('/profile');
    await page.getByTestId('api-profile-email').waitFor({ timeout: 30_000 });
    // The frontend's own client (src/utils/api.ts), bundled by the step's checks and loaded
    // into this page; one call, so it holds the session in memory.
    await loadApiClient(page, sourceDir);
    return { page, userId: user.id, renewedAt: Date.now() };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** A second try when the first sign-in fails (say, the login timed out on a busy machine). */
async function signInWithRetry(
  browser: Browser,
  site: Site,
  user: StormUser,
  password: string,
): Promise<Tab> {
  try {
    return await signIn(browser, site, user, password);
  } catch (error) {
    log.warn(
      `  signing in ${user.email} failed (${(error as Error).message.split('\n')[0]}); trying once more`,
    );
    return signIn(browser, site, user, password);
  }
}

type Rotated = (userId: string) => Promise<number>;

/** The addresses of the API calls: the browser's go through the frontend's /api/backend. */
const apiBases = (site: { frontendUrl: string; backendUrl: string }) => [
  `${site.frontendUrl}/api/backend/`,
  `${site.backendUrl}/`,
];

async function storm(
  tab: Tab,
  calls: number,
  bases: string[],
  rotated: Rotated,
): Promise<StormRun> {
  const before = await rotated(tab.userId);
  let sessionRequests = 0;
  let unauthorized = 0;
  const onRequest = (request: { url(): string }) => {
    if (new URL(request.url()).pathname === '/api/auth/session') sessionRequests++;
  };
  const onResponse = (response: { url(): string; status(): number }) => {
    const isApiCall = bases.some((base) => response.url().startsWith(base));
    if (isApiCall && response.status() === 401) unauthorized++;
  };
  tab.page.on('request', onRequest);
  tab.page.on('response', onResponse);
  const outcome = await tab.page.evaluate(async (count) => {
    const api = window.__apiClientUnderTest!.default;
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: count }, () => api.get('/user/profile')),
    );
    return {
      ms: performance.now() - started,
      succeeded: results.filter(
        (result) => result.status === 'fulfilled' && result.value.status === 200,
      ).length,
    };
  }, calls);
  tab.page.off('request', onRequest);
  tab.page.off('response', onResponse);
  return {
    calls,
    ...outcome,
    unauthorized,
    sessionRequests,
    rotations: (await rotated(tab.userId)) - before,
  };
}

export interface StormSetup {
  /** A database of its own, so the storm's API calls do not wade through the bench's 100 000 users. */
  mongodbUri: string;
  secrets: { JWT_SECRET: string; JWT_REFRESH_SECRET: string; NEXTAUTH_SECRET: string };
  /** The bcrypt hash of `password`, for the users this phase inserts (one per tab). */
  passwordHash: string;
  password: string;
  runs: number;
}

/** One user per tab, inserted directly with the known hash; returns their emails and ids. */
async function insertUsers(connection: mongoose.Connection, passwordHash: string, count: number) {
  const now = new Date();
  const users = Array.from({ length: count }, (_, index) => ({
    _id: new Types.ObjectId(),
    name: `Storm user ${index}`,
    email: `storm-${index}@bench.test`,
    password: passwordHash,
    createdAt: now,
    updatedAt: now,
    __v: 0,
  }));
  await connection.collection('users').insertMany(users);
  return users.map((user) => ({ email: user.email, id: String(user._id) }));
}

/**
 * The step 6 backend and its built frontend, started as `npm run step 6` starts them. Each one
 * goes into `services` as soon as it runs, so the caller stops it even if the next fails.
 */
async function startSite(setup: StormSetup, services: Service[]): Promise<Site> {
  const logDir = join(outputDir, 'bench', 'logs');
  const env = stepEnv();
  const accessTtl = plan.storm.accessTokenTtl;
  const frontendPort = await freePort();
  const frontendUrl = `http://127.0.0.1:${frontendPort}`;
  const serverEnv = { NEXTAUTH_URL: frontendUrl, NEXTAUTH_SECRET: setup.secrets.NEXTAUTH_SECRET };

  log.step('  building the step 6 frontend (next build; reused while the sources are unchanged)…');
  const build = await frontendBuild(() => ({}), serverEnv);
  log.step(
    build.reused ? '  reused the last build' : `  built in ${formatNumber(build.seconds)} s`,
  );

  log.step(`  starting the step 6 backend (ACCESS_TOKEN_TTL=${accessTtl}) and frontend…`);
  services.push(
    await startBackend({
      dir: join(stepDir, 'backend'),
      port: build.backendPort,
      logDir,
      name: 'storm-backend',
      env: {
        JWT_SECRET: setup.secrets.JWT_SECRET,
        JWT_REFRESH_SECRET: setup.secrets.JWT_REFRESH_SECRET,
        MONGODB_URI: setup.mongodbUri,
        CORS_ORIGIN: frontendUrl,
        NODE_ENV: 'test',
        ...env.backend,
        ACCESS_TOKEN_TTL: accessTtl,
      },
    }),
  );
  const backendUrl = `http://127.0.0.1:${build.backendPort}`;
  services.push(
    await startFrontend({
      dir: build.dir,
      port: frontendPort,
      logDir,
      name: 'storm-frontend',
      env: { ...serverEnv, ...env.frontend, BACKEND_URL: backendUrl },
    }),
  );
  return { frontendUrl, backendUrl, build };
}

/**
 * One signed-in tab per storm. Their access tokens all expire during one wait; a storm renews
 * only its own tab's token, so the others are still expired when their turn comes.
 */
async function expiredTabs(
  browser: Browser,
  site: Site,
  users: StormUser[],
  password: string,
): Promise<Tab[]> {
  // One at a time: each sign-in is a bcrypt comparison at the backend, and on a busy machine
  // several at once can outlast the frontend's login timeout.
  log.step(`  signing in ${users.length} users through /login in Chromium…`);
  const tabs: Tab[] = [];
  for (const user of users) tabs.push(await signInWithRetry(browser, site, user, password));
  const renewedAt = Math.max(...tabs.map((tab) => tab.renewedAt));
  const expired = renewedAt + ttlMs(plan.storm.accessTokenTtl) + 1_200; // exp counts whole seconds
  log.step(
    `  waiting ${formatNumber((expired - Date.now()) / 1000)} s for the access tokens to expire…`,
  );
  await sleep(expired - Date.now());
  return tabs;
}

/** Every size once per round, each storm in a tab of its own. */
async function stormRounds(tabs: Tab[], rounds: number, bases: string[], rotated: Rotated) {
  const sizes = plan.storm.sizes;
  const runs: StormRun[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [index, calls] of sizes.entries()) {
      const run = await storm(tabs[round * sizes.length + index]!, calls, bases, rotated);
      runs.push(run);
      log.step(
        `  round ${round + 1}/${rounds}, ${calls} parallel calls: ${run.succeeded}/${calls} ok after ${formatNumber(run.ms)} ms; ` +
          `${run.unauthorized} × 401, ${run.sessionRequests} session request(s), ${run.rotations} rotation(s)`,
      );
    }
  }
  return sizes.map((calls) => {
    const ofSize = runs.filter((run) => run.calls === calls);
    return { calls, runs: ofSize, medianMs: median(ofSize.map((run) => run.ms)) };
  });
}

export async function measureStorm(setup: StormSetup): Promise<StormFigures> {
  const services: Service[] = [];
  let browser: Browser | undefined;
  const connection = await mongoose
    .createConnection(setup.mongodbUri, { autoIndex: false, serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  // What the backend did, read from its refresh token collection: rotated tokens of the user.
  const rotated: Rotated = (userId) =>
    connection
      .collection('refreshtokens')
      .countDocuments({ userId: new Types.ObjectId(userId), rotatedAt: { $ne: null } });
  try {
    const site = await startSite(setup, services);
    const count = plan.storm.sizes.length * setup.runs;
    const users = await insertUsers(connection, setup.passwordHash, count);
    browser = await chromium.launch(playwrightConfig.use?.launchOptions ?? {});
    const tabs = await expiredTabs(browser, site, users, setup.password);
    const { reused, seconds } = site.build;
    return {
      frontendBuild: { reused, seconds },
      bySize: await stormRounds(tabs, setup.runs, apiBases(site), rotated),
    };
  } finally {
    await browser?.close();
    for (const service of services.reverse()) await service.stop();
    await connection.close();
  }
}
