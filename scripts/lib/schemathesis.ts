// schemathesis (PyPI), which step 6's checks run on docs/openapi.json: where to find it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cacheDir } from './paths.ts';

/** What to type when it is missing (Python 3.9 or newer). */
export const installSchemathesis = 'pip install schemathesis';

/**
 * The command on PATH, in the workshop's cache (.ci/run makes a virtual environment there),
 * or where `pip install --user` puts commands; undefined when none of them runs.
 */
export function findSchemathesis(): { command: string; version: string } | undefined {
  const bin = process.platform === 'win32' ? 'Scripts' : 'bin';
  const userBase = spawnSync('python3', ['-m', 'site', '--user-base'], { encoding: 'utf8' });
  const candidates = [
    'schemathesis',
    join(cacheDir, 'schemathesis', bin, 'schemathesis'),
    ...(userBase.status === 0 ? [join(userBase.stdout.trim(), bin, 'schemathesis')] : []),
  ];
  for (const command of candidates) {
    const run = spawnSync(command, ['--version'], { encoding: 'utf8' });
    if (run.status === 0) return { command, version: run.stdout.trim() };
  }
  return undefined;
}
