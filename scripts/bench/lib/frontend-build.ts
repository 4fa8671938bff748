// The step 6 frontend, built for the bench in a folder of its own (.workshop/bench/frontend),
// so a `npm run step 6` running at the same time keeps its own .next. The build is kept and
// reused while the sources are unchanged (and the backend port it was made with is free).
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { outputDir, repoRoot } from '../../lib/paths.ts';
import { freePort, isPortTaken } from '../../lib/ports.ts';
import { buildFingerprint } from '../../lib/frontend-builds.ts';
import { buildFrontend } from '../../lib/services.ts';

export const sourceDir = join(repoRoot, 'steps', '06-refresh-tokens', 'frontend');
const benchDir = join(outputDir, 'bench');
export const buildDir = join(benchDir, 'frontend');
const stampFile = join(benchDir, 'frontend-build.json');

const skipped = new Set(['node_modules', '.next', '.next-dev', 'next-env.d.ts']);
const isSource = (name: string) => !skipped.has(name) && !name.endsWith('.tsbuildinfo');

/** The build's inputs (scripts/lib/frontend-builds.ts), read from the step's own sources. */
const fingerprint = (buildEnv: Record<string, string>) => buildFingerprint(sourceDir, buildEnv);

interface Stamp {
  fingerprint: string;
  backendPort: number;
  builtAt: string;
}

export interface FrontendBuild {
  dir: string;
  backendPort: number;
  reused: boolean;
  seconds: number;
}

/** `publicEnv(port)` gives the NEXT_PUBLIC_* values for a backend on `port`. */
export async function frontendBuild(
  publicEnv: (backendPort: number) => Record<string, string>,
  serverEnv: Record<string, string>,
): Promise<FrontendBuild> {
  const started = performance.now();
  const stamp = existsSync(stampFile)
    ? (JSON.parse(readFileSync(stampFile, 'utf8')) as Stamp)
    : undefined;
  if (
    stamp &&
    existsSync(join(buildDir, '.next', 'BUILD_ID')) &&
    !(await isPortTaken(stamp.backendPort))
  ) {
    if (stamp.fingerprint === fingerprint(publicEnv(stamp.backendPort))) {
      return { dir: buildDir, backendPort: stamp.backendPort, reused: true, seconds: 0 };
    }
  }
  const backendPort =
    stamp && !(await isPortTaken(stamp.backendPort)) ? stamp.backendPort : await freePort();
  const env = publicEnv(backendPort);

  // A fresh copy of the sources; .next stays, so next build can use its cache.
  mkdirSync(buildDir, { recursive: true });
  for (const entry of readdirSync(buildDir))
    if (entry !== '.next') rmSync(join(buildDir, entry), { recursive: true, force: true });
  cpSync(sourceDir, buildDir, {
    recursive: true,
    filter: (path) =>
      path === sourceDir || isSource(relative(sourceDir, path).split(/[\\/]/).pop()!),
  });
  rmSync(stampFile, { force: true });
  await buildFrontend({
    dir: buildDir,
    env: { ...serverEnv, ...env },
    logDir: join(benchDir, 'logs'),
  });
  writeFileSync(
    stampFile,
    JSON.stringify(
      {
        fingerprint: fingerprint(env),
        backendPort,
        builtAt: new Date().toISOString(),
      } satisfies Stamp,
      null,
      2,
    ),
  );
  return {
    dir: buildDir,
    backendPort,
    reused: false,
    seconds: (performance.now() - started) / 1000,
  };
}
