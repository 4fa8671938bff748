// Time to green: how long the checks take. `npm test` and `npm run step N` record their own
// wall time, cold and warm (scripts/lib/timings.ts), and `npm test` its parts in
// .workshop/last-test-run.json. With --green the bench also times `npm run step 6` here, once
// from a clean build (no .next) and once with the build cache of the first run.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../../lib/log.ts';
import { outputDir, packageBin, repoRoot } from '../../lib/paths.ts';
import { npmCommand, startProcess } from '../../lib/processes.ts';

/** A run of `npm run step 6` that takes longer than this is stopped. */
const STEP_TIME_LIMIT_MS = 15 * 60_000;

export interface LastTestRun {
  finishedAt: string;
  seconds: number;
  passed: number;
  failed: number;
  parts: { name: string; passed: number; failed: number; seconds: number }[];
}

export function readLastTestRun(): LastTestRun | undefined {
  const file = join(outputDir, 'last-test-run.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LastTestRun;
  } catch {
    return undefined;
  }
}

export interface StepTiming {
  kind: 'cold' | 'warm';
  step: number;
  seconds: number;
  /** From the start of the command to the first check result it printed. */
  firstResultSeconds?: number;
  /** Whether the runner found the frontend's build of these files and did not rebuild it. */
  buildReused: boolean;
  /** The runner's last line, e.g. "41 passed, 0 failed (95.3 s)". */
  summary: string;
  exitCode: number | string;
}

/** `npm run step N` through the npm that runs the bench, else the step runner through tsx. */
function stepCommand(step: number): [string, string[]] {
  return (
    npmCommand(['run', 'step', String(step)]) ?? [
      process.execPath,
      [packageBin('tsx/dist/cli.mjs'), join('scripts', 'step.ts'), 'step', String(step)],
    ]
  );
}

/** A line of the checklist: a check's result. */
const RESULT_LINE = /^\s+[✔✖-] /;

export const timeStepSix = (kind: StepTiming['kind']) => timeStep(6, kind);

/** Runs `npm run step N` (cold: without the frontend's .next) and times it. */
export async function timeStep(step: number, kind: StepTiming['kind']): Promise<StepTiming> {
  const folder = readdirSync(join(repoRoot, 'steps')).find((name) =>
    name.startsWith(String(step).padStart(2, '0')),
  );
  if (kind === 'cold' && folder)
    rmSync(join(repoRoot, 'steps', folder, 'frontend', '.next'), {
      recursive: true,
      force: true,
    });
  const started = performance.now();
  const heartbeat = setInterval(
    () =>
      log.step(
        `  npm run step ${step} (${kind}) still running: ${Math.round((performance.now() - started) / 1000)} s`,
      ),
    30_000,
  );
  try {
    let firstResultSeconds: number | undefined;
    let buildReused = false;
    const run = startProcess(`step ${step} (${kind})`, ...stepCommand(step), {
      cwd: repoRoot,
      env: { ...process.env, FORCE_COLOR: '0' },
      logFile: join(outputDir, 'bench', 'logs', `step-${step}-${kind}.log`),
      onLine: (line) => {
        if (RESULT_LINE.test(line)) firstResultSeconds ??= (performance.now() - started) / 1000;
        if (line.includes('not rebuilt')) buildReused = true;
      },
    });
    const limit = setTimeout(() => void run.stop(), STEP_TIME_LIMIT_MS);
    const code = await run.exited;
    clearTimeout(limit);
    await run.stop();
    const tail = run.tail();
    const summary =
      tail
        .split('\n')
        .reverse()
        .find((line) => /\d+ passed, \d+ failed/.test(line)) ?? `exit ${code}`;
    return {
      kind,
      step,
      firstResultSeconds,
      buildReused,
      seconds: (performance.now() - started) / 1000,
      summary: summary.trim(),
      exitCode: code,
    };
  } finally {
    clearInterval(heartbeat);
  }
}
