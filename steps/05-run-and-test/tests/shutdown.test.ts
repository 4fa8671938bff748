// Stopping the server must not cut off a request in progress. This check starts a backend of
// its own (so it can stop it), with `node --import tsx`, as `npm start` does: the `tsx`
// command kills its child when it does not confirm a signal within a few milliseconds.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import { freePort } from '../../../scripts/lib/ports.ts';
import { env, get, newUser, post } from './support/helpers.ts';

const children: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

// Windows has no SIGTERM: stopping a process there ends it at once, so no handler can run.
// The check is reported as skipped there, never as passed.
describe.skipIf(process.platform === 'win32')(
  'when the backend is asked to stop (SIGTERM) during a login',
  () => {
    test('then the login still gets its 200 and the process exits with code 0', async () => {
      expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe(
        '',
      );
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: env.backendDir,
        env: {
          ...process.env,
          PORT: String(port),
          MONGODB_URI: env.mongodbUri,
          JWT_SECRET: env.jwtSecret,
          CORS_ORIGIN: 'http://127.0.0.1:3000',
          NODE_ENV: 'test',
        },
      });
      children.push(child);
      let output = '';
      child.stdout?.on('data', (chunk) => (output += chunk));
      child.stderr?.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | string>((resolve) =>
        child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
      );

      const started = Date.now();
      while ((await get('/api/health', url).catch(() => undefined))?.status !== 200) {
        expect(
          Date.now() - started,
          `The backend did not start within 30 s:\n${output}`,
        ).toBeLessThan(30_000);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const user = newUser('shutdown');
      expect(
        (await post('/api/auth/register', user, url)).status,
        'Registering the user failed',
      ).toBe(201);

      // The login takes a few hundred milliseconds (bcrypt); the signal arrives in the middle.
      const login = post(
        '/api/auth/login',
        { email: user.email, password: user.password },
        url,
      ).catch((error: Error) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      child.kill('SIGTERM');

      const answer = await login;
      expect(
        answer instanceof Error ? `no answer (${answer.message})` : answer.status,
        `On SIGTERM, close the server (server.close) and let open requests finish before exiting. Output:\n${output}`,
      ).toBe(200);
      const code = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve('still running after 15 s'), 15_000)),
      ]);
      expect(
        code,
        `After the last request, close the database connection and exit with code 0. Output:\n${output}`,
      ).toBe(0);
    }, 60_000);
  },
);
