// `npm run check N -- --watch`: the services stay up, and every save runs the checks again.
// A saved backend file restarts the backend, a saved frontend file rebuilds the frontend, a
// saved check file runs just that file; the checklist then shows only what is not green.
import { existsSync, mkdirSync, watch, type FSWatcher } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { colour, log } from './log.ts';
import { outputDir, repoRoot } from './paths.ts';
import { countResults, formatChecklist, type CheckResult } from './results.ts';
import { filteredFiles, runInOrder, type RunOptions } from './run-step.ts';
import { startApps, stopApps, type Running } from './step-apps.ts';
import { listCheckFiles } from './red-green.ts';
import type { Step } from './steps.ts';

export interface WatchOptions extends Pick<RunOptions, 'filters' | 'bail'> {
  codeDir?: string;
  /** Called after each round (the tooling's tests watch the rounds). */
  onRound?: (round: Round) => void;
  /** Ends the watch; without it, q or Ctrl-C does. */
  signal?: AbortSignal;
}

export interface Round {
  number: number;
  reason: string;
  results: CheckResult[];
  seconds: number;
  /** When the round's result was there (Date.now()). */
  finishedAt: number;
}

/** Saves that arrive within this time are one change (an editor writes a file in steps). */
const SETTLE_MS = 150;

export async function watchStep(step: Step, options: WatchOptions = {}): Promise<void> {
  const codeDir = options.codeDir ?? repoRoot;
  const runDir = join(outputDir, 'runs', `${step.folder}-watch-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const running: Running = { services: [] };
  const quit = quitSignal(options.signal);
  try {
    const apps = await startApps(step, codeDir, join(runDir, 'logs'), running);
    let number = 0;
    const round = async (reason: string, only?: string[]) => {
      number += 1;
      const started = Date.now();
      const filters = only ?? options.filters;
      const results = await runInOrder(step, apps, join(runDir, `round-${number}`), {
        filters,
        bail: options.bail,
        quiet: true,
      });
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const done = { number, reason, results, seconds, finishedAt: Date.now() };
      printRound(done);
      options.onRound?.(done);
    };
    // Watching from before the first round: a save made while it runs is the next round.
    const changes = watchSaves(
      [join(codeDir, 'backend', 'src'), join(codeDir, 'frontend', 'src'), step.testsDir],
      quit,
    );
    await round('start');
    const watched = filteredFiles(step, options.filters) ?? listCheckFiles(step.testsDir);
    for await (const saved of changes) {
      const app = (name: string) =>
        saved.some((path) => path.startsWith(join(codeDir, name) + sep));
      const checkFiles = saved
        .filter((path) => path.startsWith(step.testsDir + sep))
        .map((path) => relative(step.testsDir, path).replace(/\\/g, '/'));
      const shown = saved.map((path) => relative(repoRoot, path)).join(', ');
      try {
        if (app('backend')) await apps.restartBackend();
        if (app('frontend')) await apps.forgetFrontend();
        // Only check files saved: run just those (when they are among the watched ones).
        const onlyChecks = !app('backend') && !app('frontend') && checkFiles.length > 0;
        const only = onlyChecks ? checkFiles.filter((file) => watched.includes(file)) : undefined;
        await round(`saved ${shown}`, only?.length ? only : undefined);
      } catch (error) {
        log.fail(`${(error as Error).message}\n  Fix it and save again.`);
      }
    }
  } finally {
    await stopApps(running);
  }
}

function printRound({ number, reason, results, seconds }: Round): void {
  const problems = results.filter((result) => result.status !== 'passed');
  const { passed, failed, skipped } = countResults(results);
  console.log(colour.bold(`\n── Round ${number} (${reason}) ──`));
  if (problems.length > 0) console.log(formatChecklist(problems));
  const summary = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${seconds} s)`;
  console.log(failed ? colour.red(summary) : colour.green(summary));
  console.log(colour.dim('  Watching for saves. Press q to stop.'));
}

/** Aborted by q (when the terminal lets us read single keys), Ctrl-C, or the given signal. */
function quitSignal(outer?: AbortSignal): AbortSignal {
  const controller = new AbortController();
  outer?.addEventListener('abort', () => controller.abort(), { once: true });
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.on('data', (key) => {
      // q, or Ctrl-C: in raw mode the terminal sends it as a byte instead of a signal.
      if (key.toString() === 'q' || key[0] === 3) controller.abort();
    });
    controller.signal.addEventListener('abort', () => {
      process.stdin.setRawMode(false);
      process.stdin.pause();
    });
  }
  return controller.signal;
}

/**
 * Watches the folders from now on; yields the files saved under them, a settled batch at a
 * time, until the signal.
 */
function watchSaves(dirs: string[], signal: AbortSignal): AsyncGenerator<string[]> {
  let pending = new Set<string>();
  let settled = false;
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = dirs.filter(existsSync).map((dir) =>
    watch(dir, { recursive: true }, (_event, file) => {
      if (!file || isEditorScratch(file.toString())) return;
      pending.add(join(dir, file.toString()));
      settled = false;
      clearTimeout(timer);
      timer = setTimeout(() => {
        settled = true;
        wake?.();
      }, SETTLE_MS);
    }),
  );
  signal.addEventListener('abort', () => wake?.(), { once: true });
  return batches();

  async function* batches(): AsyncGenerator<string[]> {
    try {
      while (!signal.aborted) {
        // Saves made while the last round ran are waiting already: no need to wait for more.
        if (!settled || pending.size === 0) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        const batch = [...pending];
        pending = new Set();
        settled = false;
        yield batch;
      }
    } finally {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    }
  }
}

/** Swap and backup files editors write next to the real one (.x.swp, x~, .#x). */
const isEditorScratch = (file: string) => /(^|[\\/])\.|~$|\.swp$/.test(file);
