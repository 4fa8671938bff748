// The learner's loop figures (--loop) as a section of docs/performance.md, each against the
// target the workshop sets for it.
import type { LoopFigures } from '../phases/loop.ts';
import { formatNumber } from './stats.ts';

/** Seconds a warm `npm run step N` may take; step 3's second run ("nothing changed") less. */
export const LOOP_TARGETS = {
  warmSeconds: (step: number) => (step === 6 ? 90 : 30),
  unchangedSeconds: 25,
  firstResultSeconds: 10,
  saveToResultMs: 5_000,
} as const;

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

export function loopReport(loop: LoopFigures, finishedAt: string): string {
  const rows = loop.steps.map((timing, index) => {
    const unchanged = index === loop.steps.length - 1;
    const target = unchanged
      ? LOOP_TARGETS.unchangedSeconds
      : LOOP_TARGETS.warmSeconds(timing.step);
    const first = timing.firstResultSeconds;
    const firstCell =
      first === undefined
        ? '–'
        : `${formatNumber(first)} s${unchanged ? ` (target ≤ ${LOOP_TARGETS.firstResultSeconds} s: ${verdict(first <= LOOP_TARGETS.firstResultSeconds)})` : ''}`;
    return [
      `npm run step ${timing.step}${unchanged ? ', again, nothing changed' : ''}`,
      `${formatNumber(timing.seconds)} s`,
      `≤ ${target} s: ${verdict(timing.seconds <= target)}`,
      firstCell,
      timing.buildReused ? 'reused' : 'built',
      timing.summary,
    ];
  });
  const watch = loop.saveToResultMs;
  const worst = Math.max(...watch);
  return [
    `### The learner's loop (${finishedAt.slice(0, 16).replace('T', ' ')} UTC)`,
    '',
    '| command | wall time | target | first result after | frontend build | result |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `Watch mode (\`npm run check 3 -- health --watch\` on a copy of step 3): from a saved backend file to the result of one check file, ${watch.map((ms) => `${formatNumber(ms)} ms`).join(', ')} (target ≤ ${LOOP_TARGETS.saveToResultMs / 1000} s: ${verdict(watch.length > 0 && worst <= LOOP_TARGETS.saveToResultMs)}).`,
  ].join('\n');
}
