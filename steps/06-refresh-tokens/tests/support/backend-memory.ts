// Starts a backend of the step whose memory a check can read: support/memory-probe.mjs runs
// inside it and prints the heap in use after a full garbage collection, twice a second.
import { fileURLToPath } from 'node:url';
import { startBackend, type Service } from '../../../../scripts/lib/services.ts';
import { sleep } from './settings.ts';

const probe = new URL('./memory-probe.mjs', import.meta.url);

export interface MemoryReading {
  at: number;
  heapUsed: number;
  rss: number;
}

export function startMeasuredBackend(
  options: Parameters<typeof startBackend>[0],
): Promise<Service> {
  // A file URL has no spaces, so it needs no quotes inside NODE_OPTIONS.
  const nodeOptions = [process.env.NODE_OPTIONS, '--expose-gc', `--import=${probe.href}`]
    .filter(Boolean)
    .join(' ');
  return startBackend({ ...options, env: { ...options.env, NODE_OPTIONS: nodeOptions } });
}

function readings(backend: Service): MemoryReading[] {
  return [
    ...backend.process.tail().matchAll(/memory-probe at=(\d+) heapUsed=(\d+) rss=(\d+)/g),
  ].map(([, at, heapUsed, rss]) => ({
    at: Number(at),
    heapUsed: Number(heapUsed),
    rss: Number(rss),
  }));
}

/** The first reading taken at or after `since` (Date.now()); throws after `timeoutMs`. */
export async function memoryAfter(
  backend: Service,
  since: number,
  timeoutMs = 10_000,
): Promise<MemoryReading> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reading = readings(backend).find((candidate) => candidate.at >= since);
    if (reading) return reading;
    await sleep(100);
  }
  throw new Error(
    `${fileURLToPath(probe)} printed no reading within ${timeoutMs / 1000} s. Backend output:\n${backend.process.tail()}`,
  );
}

export const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
