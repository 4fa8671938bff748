// Starts the bench API (scripts/bench/server/bench-server.ts) as a process of its own, so the
// load generator in this process and the server never share an event loop.
import { join } from 'node:path';
import { outputDir, repoRoot } from '../../lib/paths.ts';
import { freePort } from '../../lib/ports.ts';
import { startProcess } from '../../lib/processes.ts';
import { waitUntilReady, type Service } from '../../lib/services.ts';
import { runLoad, type LoadOptions, type LoadResult } from '../lib/load.ts';

export interface BenchApi extends Service {
  /** Database round trips since the last reset, keyed "collection.method". */
  ops(): Promise<Record<string, number>>;
  resetOps(): Promise<void>;
  /** Resolves once the API has answered every request it accepted (left over from a load run). */
  waitUntilIdle(): Promise<void>;
  /** A load run against this API (see lib/load.ts); resolves once the API is idle again. */
  load(options: LoadOptions): Promise<LoadResult>;
}

interface OpsAnswer {
  ops: Record<string, number>;
  inFlight: number;
  /** CPU time the API process has used since it started (user + system). */
  cpuMicros: number;
}

const IDLE_TIMEOUT_MS = 60_000;

export async function startBenchApi(
  env: Record<string, string>,
  options: { profileDir?: string } = {},
): Promise<BenchApi> {
  const port = await freePort();
  const server = join(repoRoot, 'scripts', 'bench', 'server', 'bench-server.ts');
  // --cpu-prof writes a .cpuprofile when the process exits (open it in Chrome DevTools).
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = startProcess(
    'bench-api',
    process.execPath,
    [...profile, '--import', 'tsx', server],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env, PORT: String(port) },
      logFile: join(outputDir, 'bench', 'logs', 'bench-api.log'),
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const state = async () => (await (await fetch(`${url}/bench-ops`)).json()) as OpsAnswer;
  await waitUntilReady(child, `${url}/api/health`, (status) => status === 200, 60_000);
  const api: BenchApi = {
    name: 'bench-api',
    url,
    port,
    process: child,
    stop: () => child.stop(),
    ops: async () => (await state()).ops,
    waitUntilIdle: async () => {
      const deadline = Date.now() + IDLE_TIMEOUT_MS;
      while (Date.now() < deadline) {
        if ((await state()).inFlight === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(
        `The bench API still had requests in flight after ${IDLE_TIMEOUT_MS / 1000} s`,
      );
    },
    resetOps: async () => {
      await fetch(`${url}/bench-ops`, { method: 'DELETE' });
    },
    load: async (options) => {
      // CPU time of the API process per answered request: unlike req/s, it does not depend on
      // how much of the machine other programs take.
      const before = (await state()).cpuMicros;
      const result = await runLoad(options);
      await api.waitUntilIdle();
      const used = (await state()).cpuMicros - before;
      return { ...result, cpuMicrosPerRequest: used / Math.max(1, result.ok) };
    },
  };
  return api;
}
