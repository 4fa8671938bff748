// `npm run dev`: the finished system on your machine: database, backend on :4000, frontend
// on :3000 (BACKEND_PORT / FRONTEND_PORT change them), a demo user, and the URLs. Ctrl-C stops it all.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import concurrently from 'concurrently';
import { startDatabase } from './db/launch.ts';
import { colour, log, UserError } from './lib/log.ts';
import { outputDir, packageBin, repoRoot } from './lib/paths.ts';
import { isPortTaken } from './lib/ports.ts';
import { stopAll, stopAllOnExit } from './lib/processes.ts';

export const demoUser = {
  name: 'Demo User',
  email: 'demo@example.com',
  password: 'demo-password-123',
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

async function waitFor(url: string, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, {
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
      });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new UserError(
    `${what} did not answer at ${url} within ${timeoutMs / 1000} s; see its log lines above.`,
  );
}

async function createDemoUser(backendUrl: string): Promise<void> {
  const response = await fetch(`${backendUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoUser),
  });
  if (response.status !== 201 && response.status !== 409) {
    log.warn(`Could not create the demo user (HTTP ${response.status}): ${await response.text()}`);
  }
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

type Command = Parameters<typeof concurrently>[0][number];

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
    prefixColor: 'blue',
    cwd: join(repoRoot, 'backend'),
    command: `"${process.execPath}" "${packageBin('tsx/dist/cli.mjs')}" watch src/server.ts`,
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
    prefixColor: 'magenta',
    cwd: join(repoRoot, 'frontend'),
    command: `"${process.execPath}" "${packageBin('next/dist/bin/next')}" dev -p ${setup.frontendPort}`,
    env: {
      NEXTAUTH_URL: setup.frontendUrl,
      NEXTAUTH_SECRET: setup.secrets.NEXTAUTH_SECRET,
      BACKEND_URL: setup.backendUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  };
}

/** Runs the apps side by side; resolves with the exit code once they stop. */
function runApps(commands: Command[]): Promise<number> {
  const { result, commands: apps } = concurrently(commands, {
    prefix: 'name',
    killOthersOn: ['failure', 'success'],
    handleInput: false,
  });
  // Ctrl-C reaches every process of the terminal's group, but a SIGTERM (a process manager,
  // `timeout`, an IDE's stop button) reaches only this one: pass it on to the apps' trees.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => apps.forEach((app) => app.kill(signal)));
  return result.then(
    () => 0,
    () => 1,
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  stopAllOnExit();
  const frontendPort = Number(process.env.FRONTEND_PORT ?? 3000);
  const backendPort = Number(process.env.BACKEND_PORT ?? 4000);
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
  const finished = runApps(commands);

  const { frontendUrl, backendUrl } = setup;
  if (hasBackend) {
    await waitFor(`${backendUrl}/api/health`, 'The backend');
    await createDemoUser(backendUrl);
  }
  await waitFor(frontendUrl, 'The frontend'); // the first request also compiles the home page

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
${colour.green('Ready')} in ${seconds} s
  Frontend  ${colour.cyan(frontendUrl)}
${hasBackend ? `  Backend   ${colour.cyan(`${backendUrl}/api/health`)}\n  Sign in   ${demoUser.email} / ${demoUser.password}\n` : ''}  Ctrl-C stops everything.
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
