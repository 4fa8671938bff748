// `next build` takes half a minute or more, and what it writes depends only on the frontend's
// files, the installed Next.js and the NEXT_PUBLIC_* values it inlines (only those the files
// name: a step whose frontend never reads NEXT_PUBLIC_API_URL builds the same for any backend
// port); everything else (the NextAuth secret, the backend URL the server calls) is read when
// the server runs. So each
// build is stamped with a fingerprint of those inputs, and the runner skips `next build` when
// the stamp matches: a rerun on unchanged code, or a build that `npm test` made in the
// background while the previous step's checks ran.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';
import { buildFrontend, type ServiceOptions } from './services.ts';
import { envFiles, hashFiles, listFiles } from './tree.ts';
import type { Env } from './processes.ts';

/** cold: no earlier build; warm: rebuilt on an earlier build's cache; reused: not rebuilt. */
export type BuildOutcome = 'cold' | 'warm' | 'reused';

/** The same fingerprint means the same build output. */
export function buildFingerprint(dir: string, env: Env): string {
  const hash = createHash('sha256');
  const named = new Set<string>();
  const readNotingPublicNames = (path: string) => {
    const content = readFileSync(path);
    for (const [name] of content.toString().matchAll(/\bNEXT_PUBLIC_\w+/g)) named.add(name);
    return content;
  };
  // Next.js reads .env files at build time too, so they count, unlike in listFiles.
  hashFiles(hash, dir, [...listFiles(dir), ...envFiles(dir)], { read: readNotingPublicNames });
  const inlined = Object.entries(env)
    .filter(([name]) => named.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  hash.update(JSON.stringify(inlined));
  const next = join(repoRoot, 'node_modules/next/package.json');
  if (existsSync(next)) hash.update(readFileSync(next));
  return hash.digest('hex');
}

const stampFile = (dir: string) => join(dir, '.next', 'workshop-build.json');

function stampOf(dir: string): string | undefined {
  if (!existsSync(join(dir, '.next', 'BUILD_ID')) || !existsSync(stampFile(dir))) return undefined;
  try {
    return (JSON.parse(readFileSync(stampFile(dir), 'utf8')) as { fingerprint?: string })
      .fingerprint;
  } catch {
    return undefined;
  }
}

/** Builds in the background, one promise per frontend folder. */
const running = new Map<string, Promise<BuildOutcome>>();

/** Runs `next build` unless the folder already holds a build of the same inputs. */
export async function ensureFrontendBuild(options: ServiceOptions): Promise<BuildOutcome> {
  // A build of this folder started in the background: let it finish, then look at its stamp.
  await running.get(options.dir)?.catch(() => undefined);
  const fingerprint = buildFingerprint(options.dir, { ...process.env, ...options.env });
  if (stampOf(options.dir) === fingerprint) return 'reused';
  const outcome = existsSync(join(options.dir, '.next')) ? 'warm' : 'cold';
  rmSync(stampFile(options.dir), { force: true });
  await buildFrontend(options);
  writeFileSync(
    stampFile(options.dir),
    `${JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
  return outcome;
}

/**
 * Starts ensureFrontendBuild without waiting for it. A failure is not reported here: the run
 * that needs the build calls ensureFrontendBuild again, builds once more and shows the error.
 */
export function buildInBackground(options: ServiceOptions): void {
  if (running.has(options.dir)) return;
  const build = ensureFrontendBuild({ ...options, background: true });
  running.set(options.dir, build);
  void build.catch(() => undefined).finally(() => running.delete(options.dir));
}
