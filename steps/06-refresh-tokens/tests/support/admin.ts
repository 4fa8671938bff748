// The backend's own `npm run make-admin -- <email>`, run as its package.json runs it: how the
// checks get an admin, the way a real deployment gets its first one.
import { spawnSync } from 'node:child_process';
import { checkEnv } from '../../../../scripts/checks/env.ts';

const env = checkEnv();

export function makeAdmin(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/commands/make-admin.ts', ...args],
    {
      cwd: env.backendDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_ENV: 'test',
        CORS_ORIGIN: 'http://127.0.0.1:3000',
        MONGODB_URI: env.mongodbUri,
        JWT_SECRET: env.jwtSecret,
        JWT_REFRESH_SECRET: env.jwtRefreshSecret,
      },
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
