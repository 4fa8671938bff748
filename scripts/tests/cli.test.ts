import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packageBin, repoRoot } from '../lib/paths.ts';

const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [packageBin('tsx/dist/cli.mjs'), script, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });

// parseCommandLine owns --help: every command that uses it answers the same way.
const commands = [
  'scripts/reset.ts',
  'scripts/take.ts',
  'scripts/verify-follow.ts',
  'scripts/verify-listings.ts',
  'scripts/db/launch-cli.ts',
  'scripts/diff.ts',
  'scripts/branches.ts',
  'scripts/doctor.ts',
];

describe('the workshop commands', () => {
  it.each(commands)(
    'when %s is asked for --help, then it prints its usage and exits 0',
    (script) => {
      const result = run(script, '--help');
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Usage: npm run /);
    },
  );

  it('when given -h, then it prints the usage too', () => {
    const result = run('scripts/reset.ts', '-h');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run reset/);
  });

  it('when given an option it does not know, then it names it, prints the usage and exits 2', () => {
    const result = run('scripts/doctor.ts', '--no-such-option');
    expect(result.status).toBe(2);
    expect(result.stderr + result.stdout).toContain("Unknown option '--no-such-option'");
    expect(result.stderr + result.stdout).toContain('Usage: npm run doctor');
  });
});
