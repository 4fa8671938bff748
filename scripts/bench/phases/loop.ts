// The learner's loop: how soon a check run answers, and how long it takes with nothing
// changed. With --loop the bench runs `npm run step N` for every step on its reference code
// (step 3 twice: the second run is "nothing changed"), and times watch mode from a saved
// backend file to the result of one check file, on a scratch copy of step 3.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../../lib/log.ts';
import { outputDir } from '../../lib/paths.ts';
import { listSteps, parseStep } from '../../lib/steps.ts';
import { copySources } from '../../lib/tree.ts';
import { watchStep } from '../../lib/watch.ts';
import { timeStep, type StepTiming } from './green.ts';

export interface LoopFigures {
  /** One warm run of every step; step 3 a second time, right after the first. */
  steps: StepTiming[];
  /** Watch mode: from a saved backend file to the result of one check file, in ms. */
  saveToResultMs: number[];
}

export async function measureLoop(): Promise<LoopFigures> {
  const steps: StepTiming[] = [];
  for (const step of [...listSteps().map(({ number }) => number), 3]) {
    const timing = await timeStep(step, 'warm');
    steps.push(timing);
    log.ok(
      `step ${step}: ${timing.seconds.toFixed(1)} s, first result after ${timing.firstResultSeconds?.toFixed(1) ?? '-'} s, ${timing.summary}`,
    );
  }
  const saveToResultMs = await measureWatch();
  log.ok(`watch: from a save to the result, ${saveToResultMs.join(' ms, ')} ms`);
  return { steps, saveToResultMs };
}

/** Three saves of step 3's health route (broken, fixed, broken), each timed to its result. */
async function measureWatch(): Promise<number[]> {
  const step = parseStep('3');
  // Inside the repository, so that the copy finds the installed packages.
  const code = mkdtempSync(join(outputDir, 'bench-watch-'));
  try {
    for (const app of ['frontend', 'backend']) copySources(join(step.dir, app), join(code, app));
    const routes = join(code, 'backend/src/routes/health.routes.ts');
    const healthy = readFileSync(routes, 'utf8');
    const versions = [healthy.replace("status: 'ok'", "status: 'fine'"), healthy, `${healthy}\n`];
    const stop = new AbortController();
    const latencies: number[] = [];
    let savedAt = 0;
    await watchStep(step, {
      codeDir: code,
      filters: ['health'],
      signal: stop.signal,
      onRound: (round) => {
        if (round.number > 1) latencies.push(round.finishedAt - savedAt);
        const next = versions[round.number - 1];
        if (next === undefined) return stop.abort();
        savedAt = Date.now();
        writeFileSync(routes, next);
      },
    });
    return latencies;
  } finally {
    rmSync(code, { recursive: true, force: true });
  }
}
