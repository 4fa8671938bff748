// `npm test`: every step's reference checks in order, your workspace against the newest step,
// then the tooling's own tests. The last line is always `N passed, N failed`.
import { join } from 'node:path';
import { colour, log } from './lib/log.ts';
import { outputDir, packageBin, repoRoot } from './lib/paths.ts';
import { runToEnd, stopAllOnExit } from './lib/processes.ts';
import { countResults, formatChecklist, readVitestReport } from './lib/results.ts';
import { runStep } from './lib/run-step.ts';
import { listSteps, newestStep } from './lib/steps.ts';

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
  for (const step of listSteps()) {
    const run = await runStep(step, 'step');
    parts.push({ name: `step ${step.number} (reference)`, passed: run.passed, failed: run.failed, seconds: run.seconds });
  }
  const newest = newestStep();
  const workspace = await runStep(newest, 'check');
  parts.push({ name: `workspace vs step ${newest.number}`, passed: workspace.passed, failed: workspace.failed, seconds: workspace.seconds });
  parts.push(await toolingTests());

  console.log(colour.bold('\nSummary'));
  for (const part of parts) {
    const mark = part.failed ? colour.red('✖') : colour.green('✔');
    console.log(`  ${mark} ${part.name.padEnd(26)} ${String(part.passed).padStart(3)} passed ${String(part.failed).padStart(3)} failed  ${part.seconds.toFixed(0)} s`);
  }
  const passed = parts.reduce((sum, part) => sum + part.passed, 0);
  const failed = parts.reduce((sum, part) => sum + part.failed, 0);
  log.step(`Total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
