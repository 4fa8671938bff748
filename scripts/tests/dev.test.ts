// `npm run dev`: the finished system on an embedded database, ready when it says so, and gone
// after a SIGTERM (what an IDE's stop button or a process manager sends).
import { describe, expect, it } from 'vitest';
import { packageBin, repoRoot } from '../lib/paths.ts';
import { twoFreePorts, isPortTaken } from '../lib/ports.ts';
import { startProcess } from '../lib/processes.ts';

describe('npm run dev', () => {
  it('when started, then it prints Ready once the frontend serves pages and reaches the API through /api/backend; a SIGTERM stops it all', async () => {
    const [frontendPort, backendPort] = await twoFreePorts();
    let output = '';
    const dev = startProcess(
      'dev',
      process.execPath,
      [packageBin('tsx/dist/cli.mjs'), 'scripts/dev.ts'],
      {
        cwd: repoRoot,
        // Without MONGODB_URI: the embedded database, as on a fresh machine.
        env: {
          ...process.env,
          FRONTEND_PORT: String(frontendPort),
          BACKEND_PORT: String(backendPort),
          MONGODB_URI: undefined,
        },
        onLine: (line) => (output += `${line}\n`),
      },
    );
    try {
      const deadline = Date.now() + 150_000;
      while (!/^Ready in /m.test(output)) {
        expect(dev.child.exitCode, `npm run dev exited early:\n${output}`).toBeNull();
        expect(Date.now(), `No "Ready" within 150 s:\n${output}`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(output).toContain('Sign in   demo@example.com / demo-password-123');

      const health = await fetch(`http://localhost:${frontendPort}/api/backend/health`);
      expect(health.status, 'the frontend forwards /api/backend to the backend').toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', db: 'up' });
      const login = await fetch(`http://localhost:${backendPort}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'demo@example.com', password: 'demo-password-123' }),
      });
      expect(login.status, 'the demo user can sign in').toBe(200);

      // The finished system has roles: the demo admin, made by the backend's make-admin.
      expect(output).toContain('Admin     admin@example.com / admin-password-123');
      const adminLogin = await fetch(`http://localhost:${backendPort}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.com', password: 'admin-password-123' }),
      });
      const { accessToken } = (await adminLogin.json()) as { accessToken: string };
      const users = await fetch(`http://localhost:${backendPort}/api/admin/users`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(users.status, 'the demo admin opens the admin routes').toBe(200);

      dev.child.kill('SIGTERM');
      const code = await Promise.race([
        dev.exited,
        new Promise((resolve) => setTimeout(() => resolve('still running after 30 s'), 30_000)),
      ]);
      expect(code, `npm run dev should stop on SIGTERM:\n${output}`).toBe(143);
      expect(await isPortTaken(frontendPort), 'nothing listens on the frontend port').toBe(false);
      expect(await isPortTaken(backendPort), 'nothing listens on the backend port').toBe(false);
    } finally {
      await dev.stop();
    }
  }, 200_000);
});
