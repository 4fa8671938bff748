// `npm test`: every step's reference checks in order, your workspace against the newest step,
// then the tooling's own tests. The last line is always `N passed, N failed`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { colour, log } from './lib/log.ts';
import { outputDir, packageBin, repoRoot, scratchDir } from './lib/paths.ts';
import { runToEnd, stopAllOnExit } from './lib/processes.ts';
import {
  countResults,
  formatChecklist,
  readVitestReport,
  type CheckResult,
} from './lib/results.ts';
import { exemptFiles, redGreenVerdict } from './lib/red-green.ts';
import { buildInBackground } from './lib/frontend-builds.ts';
import { runStep } from './lib/run-step.ts';
import { frontendEnv, runnerBackendUrl } from './lib/step-apps.ts';
import { listSteps, newestStep, NO_STEPS, readStepBranch, type Step } from './lib/steps.ts';
import { runGates, selectGates } from './lib/validate.ts';
import { recordTiming } from './lib/timings.ts';
import { compareTrees, hasEnvFiles, isSame } from './lib/tree.ts';

interface Part {
  name: string;
  passed: number;
  failed: number;
  seconds: number;
}

async function toolingTests(): Promise<Part> {
  const started = Date.now();
  console.log(colour.bold('\nTooling · scripts/**/*.test.ts'));
  const report = join(outputDir, 'runs', `tooling-${Date.now()}.json`);
  const { tail } = await runToEnd(
    'vitest',
    process.execPath,
    [
      packageBin('vitest/vitest.mjs'),
      'run',
      '--config',
      join(repoRoot, 'scripts/vitest.config.ts'),
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const results = readVitestReport(report);
  if (results.length === 0)
    results.push({ file: 'vitest', name: 'runs', status: 'failed', message: tail });
  console.log(formatChecklist(results));
  const { passed, failed } = countResults(results);
  return { name: 'tooling', passed, failed, seconds: (Date.now() - started) / 1000 };
}

/**
 * Starts `next build` of the step's frontend in the background, with the inputs its run will
 * use (only the NEXT_PUBLIC_* values shape a build; the rest are placeholders the run replaces),
 * so the run finds the build done instead of waiting half a minute for it.
 */
function prebuild(step: Step | undefined): void {
  if (!step?.hasFrontend) return;
  buildInBackground({
    dir: join(step.dir, 'frontend'),
    env: frontendEnv(
      step,
      { frontend: 'http://127.0.0.1:3000', backend: runnerBackendUrl(step.dir) },
      'placeholder-of-the-background-build',
    ),
    logDir: join(outputDir, 'logs', `prebuild-${step.folder}`),
  });
}

/** True when frontend/ and backend/ hold exactly the step's files, and no .env of their own. */
function workspaceIsStep(step: Step): boolean {
  return ['frontend', 'backend'].every((app) => {
    const workspaceApp = join(repoRoot, app);
    return isSame(compareTrees(join(step.dir, app), workspaceApp)) && !hasEnvFiles(workspaceApp);
  });
}

/**
 * A workspace that is the newest step, file for file (a fresh clone, or after `npm run reset`),
 * has just passed that step's checks as the step's own code: running them again would test the
 * same bytes. One check stands for it here; any change to the workspace brings the full run back.
 */
function identicalWorkspace(step: Step, stepRun: { passed: number; failed: number }): Part {
  const green = stepRun.failed === 0 && stepRun.passed > 0;
  console.log(
    colour.bold(
      `\nStep ${step.number} · ${step.title} · checking your workspace (frontend/, backend/)`,
    ),
  );
  const verdict = green ? colour.green('✔') : colour.red('✖');
  console.log(
    `  ${verdict} frontend/ and backend/ are the files of steps/${step.folder}: ${stepRun.passed} passed, ${stepRun.failed} failed there (above)`,
  );
  console.log(
    colour.dim(
      `  (Change a file and npm test runs step ${step.number}'s checks against your workspace; \`npm run check ${step.number}\` always does.)`,
    ),
  );
  return {
    name: `workspace = step ${step.number}`,
    passed: green ? 1 : 0,
    failed: green ? 0 : 1,
    seconds: 0,
  };
}

/** The gates first: a type error or a lint finding is cheaper to read than the checks it breaks. */
async function qualityGates(started: number): Promise<Part | undefined> {
  console.log(colour.bold('Quality gates · npm run validate'));
  const selected = selectGates();
  const failedGates = await runGates(selected);
  if (failedGates.length > 0) {
    log.fail(
      `Fix the gates above first (\`npm run validate\` runs them alone); the checks did not run.`,
    );
    console.log(`${selected.length - failedGates.length} passed, ${failedGates.length} failed`);
    return undefined;
  }
  const seconds = (Date.now() - started) / 1000;
  return { name: 'quality gates', passed: selected.length, failed: 0, seconds };
}

/** Every step's checks on its own code, and the next step's on it (the red half of its proof). */
async function referenceRuns() {
  const steps = listSteps();
  const parts: Part[] = [];
  const verdicts: CheckResult[] = [];
  let cold = false;
  // Step 1's "previous code" is the empty workspace a learner starts from.
  const empty = await runStep(steps[0]!, 'check', {
    codeDir: scratchDir('empty-workspace'),
    quiet: true,
  });
  let red = { results: empty.results, codeStarted: false };
  let previousGreen: CheckResult[] = [];
  let newestRun = { passed: 0, failed: 0 };
  for (const [index, step] of steps.entries()) {
    const next = steps[index + 1];
    prebuild(next);
    const run = await runStep(step, 'step', { alsoCheck: next ? [next] : [] });
    cold ||= run.build === 'cold';
    newestRun = run;
    const { passed, failed, seconds } = run;
    parts.push({ name: `step ${step.number} (reference)`, passed, failed, seconds });
    verdicts.push(
      redGreenVerdict({
        step: step.number,
        green: run.results,
        previousGreen,
        red: red.results,
        previousCodeStarted: red.codeStarted,
        exempt: exemptFiles(step.testsDir),
      }),
    );
    previousGreen = run.results;
    red = run.others[0] ?? { results: [], codeStarted: false };
  }
  return { parts, verdicts, cold, newestRun };
}

/** The workspace against the newest step, unless it holds exactly that step's files. */
async function workspaceRun(newestRun: Pick<Part, 'passed' | 'failed'>) {
  const newest = newestStep();
  if (workspaceIsStep(newest)) return { part: identicalWorkspace(newest, newestRun), cold: false };
  const workspace = await runStep(newest, 'check');
  const { passed, failed, seconds } = workspace;
  const part = { name: `workspace vs step ${newest.number}`, passed, failed, seconds };
  return { part, cold: workspace.build === 'cold' };
}

function printSummary(parts: Part[]): void {
  console.log(colour.bold('\nSummary'));
  for (const part of parts) {
    const mark = part.failed ? colour.red('✖') : colour.green('✔');
    console.log(
      `  ${mark} ${part.name.padEnd(26)} ${String(part.passed).padStart(3)} passed ${String(part.failed).padStart(3)} failed  ${part.seconds.toFixed(0)} s`,
    );
  }
}

/** Kept for `npm run bench`, which reports how long the whole suite takes. */
function recordRun(parts: Part[], seconds: number, cold: boolean) {
  const passed = parts.reduce((sum, part) => sum + part.passed, 0);
  const failed = parts.reduce((sum, part) => sum + part.failed, 0);
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(
    join(outputDir, 'last-test-run.json'),
    JSON.stringify(
      { finishedAt: new Date().toISOString(), seconds, passed, failed, parts },
      null,
      2,
    ),
  );
  // Cold when any frontend was built from scratch (a fresh clone, or after deleting .next).
  recordTiming('npm test', cold ? 'cold' : 'warm', { seconds, passed, failed });
  return { passed, failed };
}

/** Ends the run: the summary, the record for the bench, and the last line. */
function finish(parts: Part[], started: number, cold: boolean): number {
  printSummary(parts);
  const seconds = (Date.now() - started) / 1000;
  log.step(`Total time ${seconds.toFixed(0)} s`);
  const { passed, failed } = recordRun(parts, seconds, cold);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/**
 * A step branch holds one step: its checks against the branch's own frontend/ and backend/.
 * The red -> green proof and the tooling's tests need every step, so they run on main.
 */
async function branchRun(branch: string, started: number): Promise<number> {
  const step = newestStep();
  prebuild(step);
  const gatesPart = await qualityGates(started);
  if (!gatesPart) return 1;
  const run = await runStep(step, 'check');
  const { passed, failed, seconds } = run;
  const part = { name: `step ${step.number} on ${branch}`, passed, failed, seconds };
  console.log(
    colour.dim(
      "\n  The red → green proof and the tooling's own tests need every step: they run on the main branch.",
    ),
  );
  return finish([gatesPart, part], started, run.build === 'cold');
}

async function main(): Promise<number> {
  stopAllOnExit();
  const started = Date.now();
  if (listSteps().length === 0) {
    log.fail(NO_STEPS);
    return 1;
  }
  const branch = readStepBranch();
  if (branch) return branchRun(branch.branch, started);
  prebuild(listSteps()[0]);
  const gatesPart = await qualityGates(started);
  if (!gatesPart) return 1;
  const reference = await referenceRuns();
  const workspace = await workspaceRun(reference.newestRun);
  const parts = [gatesPart, ...reference.parts, workspace.part, await toolingTests()];

  console.log(
    colour.bold("\nRed → green: each step's new checks fail on the previous step's code"),
  );
  console.log(formatChecklist(reference.verdicts));
  const proof = countResults(reference.verdicts);
  parts.push({ name: 'red → green proof', passed: proof.passed, failed: proof.failed, seconds: 0 });
  return finish(parts, started, reference.cold || workspace.cold);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
