import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFingerprint } from '../lib/frontend-builds.ts';
import { runnerBackendPort } from '../lib/step-apps.ts';
import { repoRoot } from '../lib/paths.ts';
import { makeScratchFolder } from './support/scratch-folder.ts';

describe('the fingerprint of a frontend build', () => {
  const { root: dir, write } = makeScratchFolder('frontend-build');
  write('src/pages/index.tsx', 'export default () => process.env.NEXT_PUBLIC_API_URL;');
  const env = {
    NEXT_PUBLIC_API_URL: 'http://127.0.0.1:4100/api',
    NEXTAUTH_SECRET: 'one',
    NEXTAUTH_URL: 'http://127.0.0.1:3000',
  };
  const before = buildFingerprint(dir, env);

  it('when only values read at run time change (secret, URLs), then it stays the same', () => {
    expect(
      buildFingerprint(dir, {
        ...env,
        NEXTAUTH_SECRET: 'two',
        NEXTAUTH_URL: 'http://127.0.0.1:3999',
      }),
    ).toBe(before);
  });

  it('when a NEXT_PUBLIC_ value changes (it is written into the bundle), then it changes', () => {
    expect(
      buildFingerprint(dir, { ...env, NEXT_PUBLIC_API_URL: 'http://127.0.0.1:4101/api' }),
    ).not.toBe(before);
  });

  it('when a NEXT_PUBLIC_ value that no file names changes (nothing inlines it), then it stays the same', () => {
    expect(buildFingerprint(dir, { ...env, NEXT_PUBLIC_UNUSED: 'http://127.0.0.1:4101' })).toBe(
      before,
    );
  });

  it('when a source file or a .env file changes, then it changes; a new .next does not count', () => {
    write('.next/BUILD_ID', 'x');
    expect(buildFingerprint(dir, env), '.next is the output, not an input').toBe(before);
    write('.env.local', 'NEXT_PUBLIC_FLAG=1');
    const withEnvFile = buildFingerprint(dir, env);
    expect(withEnvFile, 'Next.js reads .env files when it builds').not.toBe(before);
    write('src/pages/index.tsx', 'export default () => process.env.NEXT_PUBLIC_API_URL + "!";');
    expect(buildFingerprint(dir, env)).not.toBe(withEnvFile);
  });
});

describe('the backend port a run asks for', () => {
  it('when the same code is checked again, then it asks for the same port (its build stays valid), and other code for another', () => {
    const workspace = runnerBackendPort(repoRoot);
    expect(runnerBackendPort(join(repoRoot, '.'))).toBe(workspace);
    expect(workspace).toBeGreaterThanOrEqual(4100);
    expect(workspace).toBeLessThan(4900);
    // Two clones of the workshop: their step 6 folders ask for different ports.
    expect(runnerBackendPort('/home/ada/workshop/steps/06-refresh-tokens')).not.toBe(
      runnerBackendPort('/home/alan/workshop/steps/06-refresh-tokens'),
    );
  });
});
