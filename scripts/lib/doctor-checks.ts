// The checks of `npm run doctor`: each looks at one thing the workshop needs and says how to
// fix it. A "fail" blocks the workshop (exit 1); a "warn" is worth knowing but does not.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { hasGit } from './git.ts';
import { findSchemathesis, installSchemathesis } from './schemathesis.ts';
import type { Env } from './processes.ts';

export type Mark = 'ok' | 'warn' | 'fail';

export interface Finding {
  mark: Mark;
  /** One line: what was checked and what was found. */
  text: string;
  /** What to do about a warn or a fail. */
  fix?: string;
}

export const minimumNode = '20.19.0';

const versionParts = (version: string) =>
  version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10) || 0);

export function isAtLeast(version: string, minimum: string): boolean {
  const have = versionParts(version);
  const need = versionParts(minimum);
  for (let index = 0; index < need.length; index += 1) {
    const difference = (have[index] ?? 0) - need[index]!;
    if (difference !== 0) return difference > 0;
  }
  return true;
}

export function checkNode(version = process.versions.node): Finding {
  if (isAtLeast(version, minimumNode))
    return { mark: 'ok', text: `Node.js ${version} (20.19 or newer is needed)` };
  return {
    mark: 'fail',
    text: `Node.js ${version} is too old: the workshop needs 20.19 or newer (mongoose 9 and the tooling rely on it)`,
    fix: 'Install Node.js 20.19+ from https://nodejs.org (or `nvm install 20` / `fnm install 20`), then run `npm install` again.',
  };
}

export function checkGit(available = hasGit()): Finding {
  if (available)
    return {
      mark: 'ok',
      text: 'git is installed (`npm run reset` checks for uncommitted work with it, `npm run branches` needs it)',
    };
  return {
    mark: 'warn',
    text: 'git is not installed: `npm run branches` cannot run, and `npm run reset` cannot see uncommitted work',
    fix: 'Install git from https://git-scm.com.',
  };
}

/** True when something listens on the port, on IPv4 loopback or on all interfaces. */
export async function portInUse(port: number): Promise<boolean> {
  const tryListen = (host: string | undefined) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code === 'EADDRINUSE' || error.code === 'EACCES'),
      );
      server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
    });
  return (await tryListen('127.0.0.1')) || (await tryListen(undefined));
}

export function whoHoldsPort(port: number, platform = process.platform): string {
  return platform === 'win32' ? `netstat -ano | findstr :${port}` : `lsof -i :${port}`;
}

/** `npm run dev` needs these; `npm run step`/`check` take free ports, so a busy one only warns. */
export async function checkPorts(
  ports: { port: number; use: string; variable: string }[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { port, use, variable } of ports) {
    if (!(await portInUse(port))) {
      findings.push({ mark: 'ok', text: `Port ${port} is free (${use} of \`npm run dev\`)` });
      continue;
    }
    findings.push({
      mark: 'warn',
      text: `Port ${port} is in use: \`npm run dev\` puts the ${use} there (\`npm run step\` and \`check\` pick free ports and still work)`,
      fix: `See what holds it with \`${whoHoldsPort(port)}\` and stop it, or run the ${use} elsewhere: ${variable}=${port + 1} npm run dev`,
    });
  }
  return findings;
}

/** Every package the root and the workspace apps ask for must be installed. */
export function checkDependencies(root: string): Finding {
  if (!existsSync(join(root, 'node_modules'))) {
    return {
      mark: 'fail',
      text: 'Dependencies are not installed (no node_modules/)',
      fix: 'Run `npm install` in the workshop folder (once; it installs every step).',
    };
  }
  const missing: string[] = [];
  for (const dir of ['.', 'frontend', 'backend']) {
    const manifestPath = join(root, dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    for (const name of names) {
      const installed = [
        join(root, 'node_modules', name),
        join(root, dir, 'node_modules', name),
      ].some((path) => existsSync(join(path, 'package.json')));
      if (!installed) missing.push(dir === '.' ? name : `${name} (${dir})`);
    }
  }
  if (missing.length === 0)
    return { mark: 'ok', text: 'Dependencies are installed (root, frontend/, backend/)' };
  const list =
    missing.slice(0, 6).join(', ') + (missing.length > 6 ? `, and ${missing.length - 6} more` : '');
  return {
    mark: 'fail',
    text: `Dependencies are missing: ${list}`,
    fix: 'Run `npm install` in the workshop folder.',
  };
}

/** KEY=value lines of a .env file; quotes removed, comments skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!match) continue;
    let value = match[2]!.trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2]! : value.replace(/\s+#.*$/, '');
    values[match[1]!] = value;
  }
  return values;
}

const makeSecret =
  "node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64url'))\"";

interface EnvFile {
  path: string;
  example: string[];
  secrets: string[];
  /** Keys that must be set when the file exists. */
  required: string[];
}

const envFiles: EnvFile[] = [
  {
    path: 'backend/.env',
    example: ['backend/.env.example'],
    secrets: ['JWT_SECRET', 'JWT_REFRESH_SECRET'],
    required: ['JWT_SECRET'],
  },
  {
    path: 'frontend/.env.local',
    example: ['frontend/.env.example', 'frontend/.env.local.example'],
    secrets: ['NEXTAUTH_SECRET'],
    required: ['NEXTAUTH_SECRET'],
  },
];

/** Env files are optional (`npm run dev` and the checks pass their own values); secrets in them must be real. */
export function checkEnvFiles(root: string): Finding[] {
  const findings: Finding[] = [];
  for (const file of envFiles) {
    const path = join(root, file.path);
    if (!existsSync(path)) {
      findings.push({
        mark: 'ok',
        text: `${file.path}: none, which is fine (\`npm run dev\` and the checks provide the values)`,
      });
      continue;
    }
    const values = parseEnvFile(readFileSync(path, 'utf8'));
    const examplePath = file.example
      .map((name) => join(root, name))
      .find((candidate) => existsSync(candidate));
    const example = examplePath ? parseEnvFile(readFileSync(examplePath, 'utf8')) : {};
    const problems: string[] = [];
    for (const key of file.secrets) {
      const value = values[key];
      if (value === undefined || value === '') {
        if (file.required.includes(key)) problems.push(`${key} is not set`);
      } else if (example[key] !== undefined && value === example[key]) {
        problems.push(`${key} is the example value from ${file.example[0]}`);
      } else if (value.length < 32) {
        problems.push(`${key} is ${value.length} characters; use at least 32`);
      }
    }
    if (problems.length === 0)
      findings.push({
        mark: 'ok',
        text: `${file.path}: secrets look strong (${file.secrets.filter((key) => values[key]).join(', ')})`,
      });
    else
      findings.push({
        mark: 'warn',
        text: `${file.path}: ${problems.join('; ')}`,
        fix: `Put a random secret there: ${makeSecret}`,
      });
  }
  return findings;
}

const engineNames = {
  external: 'your MongoDB server (MONGODB_URI)',
  memory: 'mongod from mongodb-memory-server',
  ferretdb: 'FerretDB (MongoDB protocol on SQLite)',
} as const;

/** Starts the engine the workshop would use, pings it, and stops it again. */
export async function checkDatabase(env: Env = process.env): Promise<Finding> {
  const { startDatabase } = await import('../db/launch.ts');
  const { default: mongoose } = await import('mongoose');
  let database: Awaited<ReturnType<typeof startDatabase>> | undefined;
  try {
    database = await startDatabase(env);
    const connection = await mongoose
      .createConnection(`${database.uri}workshop_doctor`, { serverSelectionTimeoutMS: 10_000 })
      .asPromise();
    try {
      await connection.db!.command({ ping: 1 });
    } finally {
      await connection.close();
    }
    return { mark: 'ok', text: `Database: ${engineNames[database.engine]} starts and answers` };
  } catch (error) {
    return {
      mark: 'fail',
      text: 'Database: no engine could be started',
      fix: (error as Error).message,
    };
  } finally {
    await database?.stop().catch(() => undefined);
  }
}

/** Launches the Chromium the browser checks would use and closes it. */
export async function checkBrowser(): Promise<Finding> {
  const { chromiumPath } = await import('../checks/playwright.config.ts');
  const { chromium } = await import('@playwright/test');
  const system = chromiumPath();
  const executablePath = system ?? chromium.executablePath();
  const which = system ? `system Chromium ${system}` : `Playwright's Chromium`;
  const fix =
    'Install one: `npx playwright install chromium`, or a system Chromium (Debian/Ubuntu: `sudo apt-get install chromium`) and set CHROMIUM_PATH if it is not at /usr/bin/chromium.';
  if (!existsSync(executablePath))
    return { mark: 'fail', text: 'Browser: no Chromium found for the browser checks', fix };
  try {
    const browser = await chromium.launch({
      executablePath,
      timeout: 60_000,
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    const version = browser.version();
    await browser.close();
    return { mark: 'ok', text: `Browser: ${which} (${version}) starts` };
  } catch (error) {
    return {
      mark: 'fail',
      text: `Browser: ${which} is there but does not start: ${(error as Error).message.split('\n')[0]}`,
      fix,
    };
  }
}

/** schemathesis is optional: without it, step 6's fuzzing check is reported as skipped. */
export function checkSchemathesis(find = findSchemathesis): Finding {
  const found = find();
  if (found) return { mark: 'ok', text: `API fuzzing: ${found.version} runs (${found.command})` };
  return {
    mark: 'warn',
    text: `API fuzzing: schemathesis is not installed, so step 6's api-fuzz check will be skipped`,
    fix: `With Python 3.9 or newer: \`${installSchemathesis}\` (or \`pipx install schemathesis\`).`,
  };
}
