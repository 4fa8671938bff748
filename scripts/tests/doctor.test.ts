import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkDependencies,
  checkEnvFiles,
  checkNode,
  checkPorts,
  checkSchemathesis,
  isAtLeast,
  parseEnvFile,
  whoHoldsPort,
} from '../lib/doctor-checks.ts';
import { freePort, twoFreePorts } from '../lib/ports.ts';
import { repoRoot, scratchDir } from '../lib/paths.ts';
import { makeScratchWorkshop } from './support/scratch-workshop.ts';

const strong = 'x'.repeat(40);

function envRoot(files: Record<string, string>): string {
  const root = scratchDir('doctor');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('npm run doctor, item by item', () => {
  it('when schemathesis is missing, then it is a warning that names the skipped check and the install command; found, its version', () => {
    const missing = checkSchemathesis(() => undefined);
    expect(missing.mark).toBe('warn');
    expect(missing.text).toContain('api-fuzz');
    expect(missing.fix).toContain('pip install schemathesis');
    const found = checkSchemathesis(() => ({
      command: 'schemathesis',
      version: 'schemathesis, version 4.32.5',
    }));
    expect(found).toMatchObject({ mark: 'ok', text: expect.stringContaining('4.32.5') });
  });

  it.each([
    ['20.18.3', 'fail'],
    ['20.19.0', 'ok'],
    ['22.1.0', 'ok'],
    ['18.20.4', 'fail'],
  ])('when Node is %s, then the Node item is %s', (version, mark) => {
    const finding = checkNode(version);
    expect(finding.mark).toBe(mark);
    if (mark === 'fail') expect(finding.fix).toContain('nodejs.org');
  });

  it('when versions are compared, then each part counts as a number', () => {
    expect(isAtLeast('v20.100.0', '20.19.0')).toBe(true);
    expect(isAtLeast('20.9.0', '20.19.0')).toBe(false);
  });

  it('when a port is held, then the item names the port and how to find what holds it', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      const [finding] = await checkPorts([{ port, use: 'frontend', variable: 'FRONTEND_PORT' }]);
      expect(finding!.mark).toBe('warn');
      expect(finding!.text).toContain(`Port ${port} is in use`);
      expect(finding!.fix).toContain(`lsof -i :${port}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const [free] = await checkPorts([{ port, use: 'frontend', variable: 'FRONTEND_PORT' }]);
    expect(free!.mark, 'once the server is gone the port is free').toBe('ok');
    expect(whoHoldsPort(3000, 'win32')).toBe('netstat -ano | findstr :3000');
  });

  it('when no env files exist, then that is fine, because npm run dev provides the values', () => {
    const findings = checkEnvFiles(envRoot({}));
    expect(findings.map((finding) => finding.mark)).toEqual(['ok', 'ok']);
  });

  it('when a secret is short, missing or the example value, then the env item warns with a way to make one', () => {
    const root = envRoot({
      'backend/.env.example': 'JWT_SECRET=replace-me-with-at-least-32-random-characters\n',
      'backend/.env':
        '# mine\nJWT_SECRET="replace-me-with-at-least-32-random-characters"\nJWT_REFRESH_SECRET=short\n',
      'frontend/.env.local': 'NEXTAUTH_URL=http://localhost:3000\n',
    });
    const [backend, frontend] = checkEnvFiles(root);
    expect(backend!.mark).toBe('warn');
    expect(backend!.text).toContain('JWT_SECRET is the example value');
    expect(backend!.text).toContain('JWT_REFRESH_SECRET is 5 characters; use at least 32');
    expect(backend!.fix).toContain('randomBytes');
    expect(frontend!.mark).toBe('warn');
    expect(frontend!.text).toContain('NEXTAUTH_SECRET is not set');
  });

  it('when the secrets are long and your own, then the env items pass', () => {
    const root = envRoot({
      'backend/.env': `JWT_SECRET=${strong}\n`,
      'frontend/.env.local': `export NEXTAUTH_SECRET='${strong}' # local\n`,
    });
    expect(checkEnvFiles(root).map((finding) => finding.mark)).toEqual(['ok', 'ok']);
    expect(parseEnvFile(`A=1 # note\nB="two words"\n#C=3`)).toEqual({ A: '1', B: 'two words' });
  });

  it('when node_modules is missing, then dependencies fail with npm install as the fix; installed here, they pass', () => {
    const missing = checkDependencies(envRoot({ 'package.json': '{}' }));
    expect(missing.mark).toBe('fail');
    expect(missing.fix).toContain('npm install');
    expect(checkDependencies(repoRoot).mark, checkDependencies(repoRoot).text).toBe('ok');
  });
});

describe('npm run doctor, the whole run', () => {
  it('when dependencies are missing, then it exits 1 and still checks Node, the ports npm run dev would use, database and browser', async () => {
    const scratch = makeScratchWorkshop({ git: false });
    const [frontendPort, backendPort] = await twoFreePorts();
    const result = scratch.run('doctor.ts', [], {
      FRONTEND_PORT: String(frontendPort),
      BACKEND_PORT: String(backendPort),
    });
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('✖ Dependencies are not installed');
    expect(result.stdout).toMatch(/✔ Node\.js/);
    expect(
      result.stdout,
      'FRONTEND_PORT and BACKEND_PORT are the ports npm run dev uses',
    ).toContain(`Port ${frontendPort} is free (frontend`);
    expect(result.stdout).toContain(`Port ${backendPort} is free (backend`);
    expect(result.stdout, 'this machine has a database engine').toMatch(
      /✔ Database: .+ starts and answers/,
    );
    expect(result.stdout, 'this machine has a browser').toMatch(/✔ Browser: .+ starts/);
    expect(result.stdout).toContain('block the workshop');
  });

  it('when given an argument, then it is a usage error (exit 2)', () => {
    const scratch = makeScratchWorkshop({ git: false });
    expect(scratch.run('doctor.ts', ['3']).status).toBe(2);
  });
});
