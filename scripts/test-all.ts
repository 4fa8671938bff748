// `npm test`: every step's reference checks in order, your workspace against the newest step,
// then the tooling's own tests. The last line is always `N passed, N failed`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { colour, log } from './lib/log.ts';
import { outputDir, packageBin, repoRoot, scratchDir } from './lib/paths.ts';
import { runToEnd, stopAllOnExit } from './lib/processes.ts';
import { countResults, formatChecklist, readVitestReport, type CheckResult } from './lib/results.ts';
import { redGreenVerdict } from './lib/red-green.ts';
import { runStep } from './lib/run-step.ts';
import { listSteps, newestStep } from './lib/steps.ts';
import { recordTiming } from './lib/timings.ts';

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
  const { tail } = await runToEnd('vitest', process.execPath, [
    packageBin('vitest/vitest.mjs'), 'run', '--config', join(repoRoot, 'scripts/vitest.config.ts'),
    '--reporter=json', `--outputFile=${report}`,
  ], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' } });
  const results = readVitestReport(report);
  if (results.length === 0) results.push({ file: 'vitest', name: 'runs', status: 'failed', message: tail });
  console.log(formatChecklist(results));
  const { passed, failed } = countResults(results);
  return { name: 'tooling', passed, failed, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<number> {
  stopAllOnExit();
  const started = Date.now();
  const parts: Part[] = [];
  const steps = listSteps();
  const verdicts: CheckResult[] = [];
  let cold = false;
  // Step 1's "previous code" is the empty workspace a learner starts from.
  const empty = await runStep(steps[0]!, 'check', { codeDir: scratchDir('empty-workspace'), quiet: true });
  let red = { results: empty.results, codeStarted: false };
  let previousGreen: CheckResult[] = [];
  for (const [index, step] of steps.entries()) {
    const next = steps[index + 1];
    // The next step's checks also run against this step's code and services: the red half of its proof.
    const run = await runStep(step, 'step', { alsoCheck: next ? [next] : [] });
    cold ||= run.build === 'cold';
    parts.push({ name: `step ${step.number} (reference)`, passed: run.passed, failed: run.failed, seconds: run.seconds });
    verdicts.push(redGreenVerdict({ step: step.number, green: run.results, previousGreen, red: red.results, previousCodeStarted: red.codeStarted }));
    previousGreen = run.results;
    red = run.others[0] ?? { results: [], codeStarted: false };
  }
  const newest = newestStep();
  const workspace = await runStep(newest, 'check');
  cold ||= workspace.build === 'cold';
  parts.push({ name: `workspace vs step ${newest.number}`, passed: workspace.passed, failed: workspace.failed, seconds: workspace.seconds });
  parts.push(await toolingTests());

  console.log(colour.bold('\nRed → green: each step\'s new checks fail on the previous step\'s code'));
  console.log(formatChecklist(verdicts));
  const proof = countResults(verdicts);
  parts.push({ name: 'red → green proof', passed: proof.passed, failed: proof.failed, seconds: 0 });

  console.log(colour.bold('\nSummary'));
  for (const part of parts) {
    const mark = part.failed ? colour.red('✖') : colour.green('✔');
    console.log(`  ${mark} ${part.name.padEnd(26)} ${String(part.passed).padStart(3)} passed ${String(part.failed).padStart(3)} failed  ${part.seconds.toFixed(0)} s`);
  }
  const passed = parts.reduce((sum, part) => sum + part.passed, 0);
  const failed = parts.reduce((sum, part) => sum + part.failed, 0);
  const seconds = (Date.now() - started) / 1000;
  log.step(`Total time ${seconds.toFixed(0)} s`);
  // Kept for `npm run bench`, which reports how long the whole suite takes.
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(join(outputDir, 'last-test-run.json'), JSON.stringify({ finishedAt: new Date().toISOString(), seconds, passed, failed, parts }, null, 2));
  // Cold when any frontend was built from scratch (a fresh clone, or after deleting .next).
  recordTiming('npm test', cold ? 'cold' : 'warm', { seconds, passed, failed });
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
