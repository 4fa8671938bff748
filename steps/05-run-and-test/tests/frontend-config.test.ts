// Step 2 checks: a frontend with missing or bad settings says which ones, and gives the browser
// nothing but a plain 500. These checks start a second `next start` of the build the runner made,
// with NEXTAUTH_SECRET too short and BACKEND_URL empty.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { scratchDir } from '../../../scripts/lib/paths.ts';
import { freePort } from '../../../scripts/lib/ports.ts';
import { startFrontend, type Service } from '../../../scripts/lib/services.ts';

const { frontendDir } = checkEnv();
const name = 'frontend-misconfigured';
const logDir = scratchDir('step-02-config');
let frontend: Service;

beforeAll(async () => {
  const port = await freePort();
  frontend = await startFrontend({
    dir: frontendDir,
    port,
    name,
    logDir,
    env: {
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: 'too-short',
      BACKEND_URL: '',
    },
  });
});

afterAll(async () => {
  await frontend?.stop();
});

describe('the configuration check', () => {
  it('when the settings are invalid, then NextAuth answers 500 with JSON and no stack trace', async () => {
    const response = await fetch(`${frontend.url}/api/auth/providers`);
    const body = await response.text();
    expect(
      response.status,
      `An invalid configuration should make /api/auth/* answer 500; got ${response.status} ${body}`,
    ).toBe(500);
    expect(
      response.headers.get('content-type'),
      'The 500 should be JSON, as NextAuth sends it',
    ).toMatch(/application\/json/);
    expect(
      body,
      'The 500 must not show a stack trace or the configuration to the browser',
    ).not.toMatch(/\bat .+\(|NEXTAUTH_SECRET|BACKEND_URL/);

    // Only NextAuth fails: pages that do not sign in still render.
    const home = await fetch(`${frontend.url}/`);
    expect(
      home.status,
      'The configuration is read when NextAuth first needs it, not when the server starts a page',
    ).toBe(200);
  });

  it('when the settings are invalid, then the server log names each bad variable', async () => {
    await fetch(`${frontend.url}/api/auth/session`);
    // The log line is written while the request is handled; give the pipe a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const log = readFileSync(join(logDir, `${name}.log`), 'utf8');
    expect(
      log,
      `The server log should say that NEXTAUTH_SECRET is too short (src/lib/config.server.ts); it shows:\n${log}`,
    ).toMatch(/NEXTAUTH_SECRET must be at least 32 characters/);
    expect(log, `The server log should say that BACKEND_URL is not set; it shows:\n${log}`).toMatch(
      /BACKEND_URL is not set/,
    );
  });
});
