// How long the checks take: `npm run step N`, `npm run check N` and `npm test` record their
// wall time here, once for a cold run (a frontend built without an earlier `.next`) and once
// for a warm one. `npm run bench` reports them as "time to green".
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputDir } from './paths.ts';

export type Temperature = 'cold' | 'warm';

export interface Timing {
  finishedAt: string;
  seconds: number;
  passed: number;
  failed: number;
}

/** Command ("npm test", "npm run step 6") -> its newest cold and warm run. */
export type Timings = Record<string, Partial<Record<Temperature, Timing>>>;

const timingsFile = () => join(outputDir, 'timings.json');

export function readTimings(): Timings {
  if (!existsSync(timingsFile())) return {};
  try {
    return JSON.parse(readFileSync(timingsFile(), 'utf8')) as Timings;
  } catch {
    return {}; // a file cut short by a stopped run: start again
  }
}

export function recordTiming(command: string, temperature: Temperature, timing: Omit<Timing, 'finishedAt'>): void {
  const timings = readTimings();
  timings[command] = { ...timings[command], [temperature]: { finishedAt: new Date().toISOString(), ...timing } };
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(timingsFile(), `${JSON.stringify(timings, null, 2)}\n`);
}
