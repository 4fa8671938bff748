// Used by every step's checks: what the step runner started and where.
// The runner (scripts/step.ts) sets these variables before it runs Vitest and Playwright.

export interface CheckEnv {
  /** The step whose checks are running, 1-6. */
  step: number;
  /** Folder of the code under test: steps/NN-name for `npm run step`, the repo root for `npm run check`. */
  codeDir: string;
  frontendDir: string;
  backendDir: string;
  frontendUrl: string;
  backendUrl: string;
  /** A database of its own for this run, on the engine the runner picked. */
  mongodbUri: string;
  jwtSecret: string;
  jwtRefreshSecret: string;
  nextauthSecret: string;
  /** bcrypt's cost (BCRYPT_COST) the run's backend was given: 10, so that checks run fast. */
  bcryptCost: number;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. Run the checks through the step runner: npm run step <N> or npm run check <N>.`,
    );
  }
  return value;
}

export function checkEnv(): CheckEnv {
  return {
    step: Number(required('STEP_NUMBER')),
    codeDir: required('CODE_DIR'),
    frontendDir: required('FRONTEND_DIR'),
    backendDir: process.env.BACKEND_DIR ?? '',
    frontendUrl: process.env.FRONTEND_URL ?? '',
    backendUrl: process.env.BACKEND_URL ?? '',
    mongodbUri: process.env.MONGODB_URI ?? '',
    jwtSecret: process.env.JWT_SECRET ?? '',
    jwtRefreshSecret: process.env.JWT_REFRESH_SECRET ?? '',
    nextauthSecret: process.env.NEXTAUTH_SECRET ?? '',
    bcryptCost: Number(process.env.BACKEND_BCRYPT_COST ?? 12),
  };
}
