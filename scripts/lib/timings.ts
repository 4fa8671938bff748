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

const timingsFile = (dir: string) => join(dir, 'timings.json');

export function readTimings(dir = outputDir): Timings {
  if (!existsSync(timingsFile(dir))) return {};
  try {
    return JSON.parse(readFileSync(timingsFile(dir), 'utf8')) as Timings;
  } catch {
    return {}; // a file cut short by a stopped run: start again
  }
}

export function recordTiming(
  command: string,
  temperature: Temperature,
  timing: Omit<Timing, 'finishedAt'>,
  dir = outputDir,
): void {
  const timings = readTimings(dir);
  timings[command] = {
    ...timings[command],
    [temperature]: { finishedAt: new Date().toISOString(), ...timing },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(timingsFile(dir), `${JSON.stringify(timings, null, 2)}\n`);
}
