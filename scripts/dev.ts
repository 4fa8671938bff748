// `npm run dev`: the finished system on your machine: database, backend on :4000, frontend
// on :3000 (BACKEND_PORT / FRONTEND_PORT change them), a demo user, and the URLs. Ctrl-C stops it all.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDatabase } from './db/launch.ts';
import { colour, log, UserError } from './lib/log.ts';
import { outputDir, packageBin, repoRoot } from './lib/paths.ts';
import { devPorts, isPortTaken } from './lib/ports.ts';
import {
  runToEnd,
  startProcess,
  stopAll,
  stopAllOnExit,
  type Env,
  type Managed,
} from './lib/processes.ts';
import { waitUntilReady } from './lib/services.ts';

export const demoUser = {
  name: 'Demo User',
  email: 'demo@example.com',
  password: 'demo-password-123',
};

/** Made where the backend has roles (step 6), so /admin can be tried at once. */
export const demoAdmin = {
  name: 'Demo Admin',
  email: 'admin@example.com',
  password: 'admin-password-123',
};

/** Secrets for local development, made once and kept in .workshop/ so sessions survive restarts. */
function devSecrets(): Record<'JWT_SECRET' | 'JWT_REFRESH_SECRET' | 'NEXTAUTH_SECRET', string> {
  const file = join(outputDir, 'dev-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const make = () => randomBytes(36).toString('base64url');
  const secrets = { JWT_SECRET: make(), JWT_REFRESH_SECRET: make(), NEXTAUTH_SECRET: make() };
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2));
  return secrets;
}

async function register(backendUrl: string, account: typeof demoUser): Promise<boolean> {
  const response = await fetch(`${backendUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (response.status === 201 || response.status === 409) return true;
  log.warn(`Could not create ${account.email} (HTTP ${response.status}): ${await response.text()}`);
  return false;
}

/**
 * The demo user, and where the backend has `npm run make-admin` the demo admin: registered like
 * anyone, then given the role by that command, the way a real first admin is made.
 */
async function createDemoAccounts(backendUrl: string, backend: Command): Promise<boolean> {
  await register(backendUrl, demoUser);
  const makeAdmin = join(backend.cwd, 'src', 'commands', 'make-admin.ts');
  if (!existsSync(makeAdmin) || !(await register(backendUrl, demoAdmin))) return false;
  const { code, tail } = await runToEnd(
    'make-admin',
    process.execPath,
    ['--import', 'tsx', makeAdmin, demoAdmin.email],
    { cwd: backend.cwd, env: { ...process.env, ...backend.env } },
  );
  if (code !== 0) log.warn(`Could not make ${demoAdmin.email} an admin:\n${tail}`);
  return code === 0;
}

/** Fails with the variable to set when a port the apps need is taken. */
async function requireFreePorts(ports: { port: number; variable: string }[]): Promise<void> {
  for (const { port, variable } of ports) {
    if (await isPortTaken(port)) {
      throw new UserError(
        `Port ${port} is in use. Stop what runs there, or choose another port: ${variable}=<port> npm run dev`,
      );
    }
  }
}

/** One app to run: its folder, command line and settings. */
interface Command {
  name: string;
  paint: (text: string) => string;
  cwd: string;
  args: string[];
  env: Env;
}

interface DevSetup {
  frontendPort: number;
  backendPort: number;
  frontendUrl: string;
  backendUrl: string;
  secrets: ReturnType<typeof devSecrets>;
}

async function backendCommand(setup: DevSetup): Promise<Command> {
  log.step('Starting the database…');
  const database = await startDatabase();
  log.ok(`Database: ${database.engine} at ${database.uri}`);
  return {
    name: 'backend',
    paint: colour.cyan,
    cwd: join(repoRoot, 'backend'),
    // tsx watch restarts the backend when you save one of its files.
    args: [packageBin('tsx/dist/cli.mjs'), 'watch', 'src/server.ts'],
    env: {
      ...setup.secrets,
      PORT: String(setup.backendPort),
      MONGODB_URI: process.env.MONGODB_URI ?? `${database.uri}workshop`,
      CORS_ORIGIN: setup.frontendUrl,
      NODE_ENV: 'development',
      // The Next.js server runs on this machine and passes each browser's address on.
      TRUST_PROXY: 'loopback',
    },
  };
}

function frontendCommand(setup: DevSetup): Command {
  return {
    name: 'frontend',
    paint: colour.yellow,
    cwd: join(repoRoot, 'frontend'),
    args: [packageBin('next/dist/bin/next'), 'dev', '-p', String(setup.frontendPort)],
    env: {
      NEXTAUTH_URL: setup.frontendUrl,
      NEXTAUTH_SECRET: setup.secrets.NEXTAUTH_SECRET,
      BACKEND_URL: setup.backendUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  };
}

/**
 * Starts the apps side by side, each log line prefixed with its name, through the same process
 * manager as the step checks (scripts/lib/processes.ts): Ctrl-C or a SIGTERM stops every
 * process they started.
 */
function startApps(commands: Command[]): Managed[] {
  return commands.map(({ name, paint, cwd, args, env }) =>
    startProcess(name, process.execPath, args, {
      cwd,
      env: { ...process.env, ...env },
      onLine: (line) => console.log(`${paint(`[${name}]`)} ${line}`),
    }),
  );
}

/** Resolves with an exit code once one app stops: the others are no use without it. */
async function firstToStop(apps: Managed[]): Promise<number> {
  const { app, code } = await Promise.race(
    apps.map((app) => app.exited.then((code) => ({ app, code }))),
  );
  // Stopped by us (Ctrl-C or a SIGTERM): the signal's handler (stopAllOnExit) ends the process.
  if (app.stopped) return new Promise<number>(() => {});
  log.fail(`The ${app.name} stopped (${code}); stopping the rest.`);
  return typeof code === 'number' && code !== 0 ? code : 1;
}

async function main(): Promise<void> {
  const started = Date.now();
  stopAllOnExit();
  const { frontend: frontendPort, backend: backendPort } = devPorts();
  const hasBackend = existsSync(join(repoRoot, 'backend', 'package.json'));
  const ports = [{ port: frontendPort, variable: 'FRONTEND_PORT' }];
  if (hasBackend) ports.push({ port: backendPort, variable: 'BACKEND_PORT' });
  await requireFreePorts(ports);

  const setup: DevSetup = {
    frontendPort,
    backendPort,
    frontendUrl: `http://localhost:${frontendPort}`,
    backendUrl: `http://localhost:${backendPort}`,
    secrets: devSecrets(),
  };
  const commands = hasBackend ? [await backendCommand(setup)] : [];
  commands.push(frontendCommand(setup));
  const apps = startApps(commands);
  const finished = firstToStop(apps);

  const { frontendUrl, backendUrl } = setup;
  const [frontend] = apps.slice(-1);
  let hasAdmin = false;
  if (hasBackend) {
    await waitUntilReady(apps[0]!, `${backendUrl}/api/health`, (status) => status === 200, 90_000);
    hasAdmin = await createDemoAccounts(backendUrl, commands[0]!);
  }
  // The first request also compiles the home page.
  await waitUntilReady(frontend!, frontendUrl, (status) => status < 500, 90_000);
  // `next dev` compiles a page on its first visit: do it now for the pages of the sign-in, so
  // the first click on "Sign in" does not wait for a compile. A page the workspace does not
  // have yet (an earlier step) answers 404, which is fine.
  log.step('Compiling the sign-in pages…');
  for (const page of ['/login', '/register', '/profile'])
    await fetch(`${frontendUrl}${page}`, { redirect: 'manual' }).catch(() => undefined);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
${colour.green('Ready')} in ${seconds} s
  Frontend  ${colour.cyan(frontendUrl)}
${hasBackend ? `  Backend   ${colour.cyan(`${backendUrl}/api/health`)}\n  Sign in   ${demoUser.email} / ${demoUser.password}\n` : ''}${hasAdmin ? `  Admin     ${demoAdmin.email} / ${demoAdmin.password}\n` : ''}  Ctrl-C stops everything.
`);
  const code = await finished;
  await stopAll();
  process.exit(code);
}

main().catch(async (error: unknown) => {
  if (error instanceof UserError) log.fail(error.message);
  else console.error(error);
  await stopAll();
  process.exit(1);
});
