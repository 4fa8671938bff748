// The finished apps as a team takes them: frontend/ and backend/ copied out of the repository,
// installed from the registry on their own, built and started as their READMEs say, against a
// database, and a user signed in through NextAuth. Nothing of the workshop is on the path.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabase, type Database } from '../db/launch.ts';
import { git } from '../lib/git.ts';
import { repoRoot, scratchDir } from '../lib/paths.ts';
import { twoFreePorts } from '../lib/ports.ts';
import { npmCommand, startProcess, stopAll, type Env, type Managed } from '../lib/processes.ts';
import { waitUntilReady } from '../lib/services.ts';

const minutes = (count: number) => count * 60_000;
const apps = ['frontend', 'backend'] as const;

const npm = (args: string[]): [string, string[]] => npmCommand(args) ?? ['npm', args];

/** The environment of a process outside the workshop: none of the tooling's own variables. */
function outsideEnv(): Env {
  const env: Env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|WORKSHOP_|NEXTAUTH_|MONGODB_|JWT_)/i.test(name) || name === 'NODE_ENV') continue;
    env[name] = value;
  }
  return { ...env, NO_COLOR: '1' };
}

function runNpm(cwd: string, ...args: string[]) {
  const [command, fullArgs] = npm(args);
  const result = spawnSync(command, fullArgs, {
    cwd,
    encoding: 'utf8',
    env: outsideEnv() as NodeJS.ProcessEnv,
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return { status: result.status ?? 1, tail: output.split('\n').slice(-25).join('\n') };
}

/** One app's files as git has them (committed or new, not ignored): what a copy would take. */
function copyOut(app: (typeof apps)[number], into: string): string {
  const files = git(repoRoot, ['ls-files', '--cached', '--others', '--exclude-standard', '-z', app])
    .stdout.split('\0')
    .filter((file) => file && existsSync(join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(into, file));
  }
  return join(into, app);
}

/** The app's .env.example with these values set, as a reader fills it in. */
function fillIn(example: string, values: Record<string, string>): string {
  let text = readFileSync(example, 'utf8');
  for (const [name, value] of Object.entries(values)) {
    const line = new RegExp(`^${name}=.*$`, 'm');
    expect(text, `${example} documents ${name}`).toMatch(line);
    text = text.replace(line, `${name}=${value}`);
  }
  return text;
}

/** The name=value pairs of Set-Cookie headers, as a browser would send them back. */
const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0]!)
    .join('; ');

describe('the finished apps, copied out of the repository', () => {
  const outside = scratchDir('standalone');
  const dirs = { frontend: '', backend: '' };
  let database: Database | undefined;
  const started: Managed[] = [];

  beforeAll(() => {
    for (const app of apps) dirs[app] = copyOut(app, outside);
  });
  afterAll(async () => {
    await stopAll();
    await database?.stop();
  }, minutes(1));

  it('when they are copied out, then nothing in them refers to the workshop around them', () => {
    for (const app of apps) {
      const manifest = readFileSync(join(dirs[app], 'package.json'), 'utf8');
      const tsconfig = readFileSync(join(dirs[app], 'tsconfig.json'), 'utf8');
      expect(manifest, `${app}/package.json names no workspace package`).not.toMatch(
        /"@workshop\/(?!frontend"|backend")/,
      );
      expect(tsconfig, `${app}/tsconfig.json extends nothing`).not.toContain('"extends"');
      const versions = Object.entries({
        ...(JSON.parse(manifest) as { dependencies: Record<string, string> }).dependencies,
        ...(JSON.parse(manifest) as { devDependencies: Record<string, string> }).devDependencies,
      });
      for (const [name, version] of versions)
        expect(version, `${app}: ${name} is pinned to one version`).toMatch(/^\d+\.\d+\.\d+$/);
      for (const file of ['README.md', '.env.example'])
        expect(existsSync(join(dirs[app], file)), `${app}/${file}`).toBe(true);
    }
  });

  it(
    'when each is installed from the registry, then the backend type-checks and the frontend builds',
    () => {
      for (const app of apps) {
        const install = runNpm(dirs[app], 'install', '--no-audit', '--no-fund');
        expect(install.status, `npm install in a copy of ${app}/:\n${install.tail}`).toBe(0);
        expect(existsSync(join(dirs[app], 'package-lock.json')), 'its own lockfile').toBe(true);
        expect(existsSync(join(dirs[app], 'node_modules', 'typescript')), 'its own packages').toBe(
          true,
        );
      }
      const typecheck = runNpm(dirs.backend, 'run', 'typecheck');
      expect(typecheck.status, `npm run typecheck in the backend:\n${typecheck.tail}`).toBe(0);
      // The frontend's settings are in place before the build, as its README says.
      writeFileSync(
        join(dirs.frontend, '.env.local'),
        fillIn(join(dirs.frontend, '.env.example'), { NEXTAUTH_SECRET: 'a'.repeat(48) }),
      );
      const build = runNpm(dirs.frontend, 'run', 'build');
      expect(build.status, `npm run build in the frontend:\n${build.tail}`).toBe(0);
    },
    minutes(10),
  );

  it(
    'when both are started with npm start against a database, then a user registers and signs in through NextAuth',
    async () => {
      database = await startDatabase();
      const [backendPort, frontendPort] = await twoFreePorts();
      const backendUrl = `http://127.0.0.1:${backendPort}`;
      const frontendUrl = `http://127.0.0.1:${frontendPort}`;
      writeFileSync(
        join(dirs.backend, '.env'),
        fillIn(join(dirs.backend, '.env.example'), {
          PORT: String(backendPort),
          MONGODB_URI: `${database.uri}standalone`,
          JWT_SECRET: 'b'.repeat(48),
          JWT_REFRESH_SECRET: 'c'.repeat(48),
          CORS_ORIGIN: frontendUrl,
          BCRYPT_COST: '10',
        }),
      );
      writeFileSync(
        join(dirs.frontend, '.env.local'),
        fillIn(join(dirs.frontend, '.env.example'), {
          NEXTAUTH_URL: frontendUrl,
          NEXTAUTH_SECRET: 'a'.repeat(48),
          BACKEND_URL: backendUrl,
        }),
      );
      for (const [app, env] of [
        ['backend', {}],
        ['frontend', { PORT: String(frontendPort) }],
      ] as const) {
        const [command, args] = npm(['start']);
        started.push(
          startProcess(`standalone ${app}`, command, args, {
            cwd: dirs[app],
            env: { ...outsideEnv(), ...env },
          }),
        );
      }
      await waitUntilReady(started[0]!, `${backendUrl}/api/health`, (s) => s === 200, 60_000);
      await waitUntilReady(started[1]!, `${frontendUrl}/login`, (s) => s === 200, 60_000);

      const user = {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        password: 'analytical-engine',
      };
      const registered = await fetch(`${backendUrl}/api/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(user),
      });
      expect(registered.status, await registered.clone().text()).toBe(201);

      // NextAuth's Credentials sign-in as the login page makes it: a CSRF token, then the form.
      const csrf = await fetch(`${frontendUrl}/api/auth/csrf`);
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const signIn = await fetch(`${frontendUrl}/api/auth/callback/credentials`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: cookiesOf(csrf),
        },
        body: new URLSearchParams({ csrfToken, email: user.email, password: user.password }),
      });
      const sessionCookie = cookiesOf(signIn);
      expect(sessionCookie, 'the sign-in sets the session cookie').toContain(
        'next-auth.session-token=',
      );
      const session = await fetch(`${frontendUrl}/api/auth/session`, {
        headers: { Cookie: sessionCookie },
      });
      expect(await session.json()).toMatchObject({ user: { email: user.email } });
      const profile = await fetch(`${frontendUrl}/profile`, {
        redirect: 'manual',
        headers: { Cookie: sessionCookie },
      });
      expect(profile.status, 'the guarded page is served to the signed-in user').toBe(200);
    },
    minutes(3),
  );
});
