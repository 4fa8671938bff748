// The learner's loop on real step 3 code: one broken line gives one root cause, at the top, in
// seconds; a filter and --bail run less; a stranger on the backend's port is never checked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputDir } from '../lib/paths.ts';
import { countResults, NOT_RUN } from '../lib/results.ts';
import { runningCount } from '../lib/processes.ts';
import { watchStep, type Round } from '../lib/watch.ts';
import { runStep } from '../lib/run-step.ts';
import { runnerBackendPort } from '../lib/step-apps.ts';
import { parseStep } from '../lib/steps.ts';
import { copySources } from '../lib/tree.ts';
import { startStranger, type Stranger } from './support/stranger.ts';

const step = parseStep('3');
// Inside the repository, so that the copy finds the installed packages.
const code = mkdtempSync(join(outputDir, 'scratch-loop-'));
const model = join(code, 'backend/src/models/user.model.ts');
const HASH_LINE = '  this.password = await bcrypt.hash(this.password, passwordHashing.cost);\n';
let original = '';

beforeAll(() => {
  for (const app of ['frontend', 'backend']) copySources(join(step.dir, app), join(code, app));
  original = readFileSync(model, 'utf8');
  expect(original, 'the step 3 model hashes the password in its save hook').toContain(HASH_LINE);
});
afterAll(() => rmSync(code, { recursive: true, force: true }));

describe('npm run check 3 on code whose save hook no longer hashes the password', () => {
  beforeAll(() => writeFileSync(model, original.replace(HASH_LINE, '')));

  it('when checked, then the first failure is password storage, login failures say they follow from it, and the rest is not run', async () => {
    const run = await runStep(step, 'check', { codeDir: code, quiet: true });

    const failures = run.results.filter((result) => result.status === 'failed');
    expect(failures[0]?.file, 'the root cause comes first').toBe('password-storage.test.ts');
    const following = failures.filter((result) => result.message?.startsWith('follows from'));
    expect(following.map((result) => result.file)).toContain('login.test.ts');
    const notRun = run.results.filter((result) => result.name === NOT_RUN);
    expect(notRun.map((result) => result.file)).toEqual(
      expect.arrayContaining(['cors.test.ts', 'shutdown.test.ts', 'home.spec.ts']),
    );
    expect(notRun[0]?.message).toContain('passwords stored as bcrypt hashes');
    expect(
      run.results.some((result) => result.file === 'cors.test.ts' && result.name !== NOT_RUN),
    ).toBe(false);
  }, 120_000);

  it('when checked with a filter and --bail, then only that file runs and it stops at its first failure', async () => {
    const run = await runStep(step, 'check', {
      codeDir: code,
      quiet: true,
      filters: ['login'],
      bail: true,
    });

    expect(new Set(run.results.map((result) => result.file))).toEqual(new Set(['login.test.ts']));
    expect(run.failed, 'one failure, then --bail stops').toBe(1);
    expect(run.results.filter((result) => result.status === 'skipped').length).toBeGreaterThan(0);
  }, 120_000);
});

describe("npm run check 3 while a stranger answers /api/health on the backend's preferred port", () => {
  let stranger: Stranger;

  beforeAll(async () => {
    writeFileSync(model, original);
    stranger = await startStranger(runnerBackendPort(code));
  });
  afterAll(() => stranger.close());

  it("when checked, then the checks reach the learner's own backend and pass, and the stranger gets no request", async () => {
    const run = await runStep(step, 'check', {
      codeDir: code,
      quiet: true,
      filters: ['health', 'register', 'login'],
    });

    expect(
      run.results.filter((result) => result.status === 'failed'),
      'the checks ran against the backend the runner started',
    ).toEqual([]);
    expect(run.passed).toBeGreaterThan(10);
    expect(stranger.requests).toEqual([]);
  }, 120_000);
});

describe('npm run check 3 when the preferred port is taken only after it was found free', () => {
  // A listener on ::1 alone: the runner's probe (127.0.0.1) finds the port free, and the
  // backend's listen on every address then fails with EADDRINUSE, as when another program
  // takes the port between the probe and the listen.
  let late: Server | undefined;
  beforeAll(async () => {
    writeFileSync(model, original);
    late = createServer((_req, res) => res.end('not the backend'));
    await new Promise<void>((resolve) => {
      late!.once('error', () => {
        late = undefined; // no IPv6 loopback on this machine
        resolve();
      });
      late!.listen(runnerBackendPort(code), '::1', resolve);
    });
  });
  afterAll(() => new Promise((resolve) => (late ? late.close(resolve) : resolve(undefined))));

  it('when the backend meets EADDRINUSE, then the runner starts it on another port and the checks pass', async (context) => {
    if (!late) context.skip();
    const run = await runStep(step, 'check', { codeDir: code, quiet: true, filters: ['health'] });

    expect(run.results.filter((result) => result.status === 'failed')).toEqual([]);
    expect(run.passed).toBeGreaterThan(0);
  }, 120_000);
});

describe('npm run check 3 -- health --watch', () => {
  it('when a backend file is saved broken and then fixed, then each save restarts the backend and checks again', async () => {
    writeFileSync(model, original);
    const routes = join(code, 'backend/src/routes/health.routes.ts');
    const healthy = readFileSync(routes, 'utf8');
    const stop = new AbortController();
    const rounds: Round[] = [];
    const saved: number[] = [];
    const onRound = (round: Round) => {
      rounds.push(round);
      if (round.number === 1) {
        saved.push(Date.now());
        writeFileSync(routes, healthy.replace("status: 'ok'", "status: 'fine'"));
      } else if (round.number === 2) {
        saved.push(Date.now());
        writeFileSync(routes, healthy);
      } else stop.abort();
    };

    await watchStep(step, { codeDir: code, filters: ['health'], onRound, signal: stop.signal });

    expect(rounds.map((round) => countResults(round.results).failed)).toEqual([0, 1, 0]);
    expect(rounds[1]!.reason).toContain('health.routes.ts');
    expect(runningCount(), 'Nothing the watch started is still running').toBe(0);
    const latency = rounds.slice(1).map((round, index) => round.finishedAt - saved[index]!);
    console.log(`watch: from a save to its round's result: ${latency.join(' ms, ')} ms`);
  }, 120_000);
});
