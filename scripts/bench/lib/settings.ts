// How long and how often each figure is measured. Every loop in the bench is bounded by these:
// a run stops after its time or its count, whatever the server does.
import { randomBytes } from 'node:crypto';

export const RUNS = 3;

export const plan = {
  /**
   * Auth overhead: many short runs in pairs (one of each route, back to back), because other
   * programs on a shared machine come and go: a pair of 1-second runs sees the same machine.
   */
  profile: { connections: 10, seconds: 1, pairs: 10, warmupSeconds: 2 },
  /** Token verification vs raw HMAC in this process: milliseconds per timed loop. */
  token: { loopMs: 400 },
  /** bcrypt.compare alone on one core: compares per run. */
  bcrypt: { comparesPerRun: 2 },
  /** POST /api/auth/login: answers per run (bcrypt makes each one slow), and pairs of runs. */
  login: { connections: 2, amount: 4, pairs: 5 },
  /** POST /api/auth/refresh-token with a fresh cookie each time. */
  refresh: { connections: 4, seconds: 3 },
  /** How cost grows with the number of users. */
  scale: { sizes: [1_000, 10_000, 100_000], profileSeconds: 2, loginAmount: 2, tokens: 500 },
  /**
   * Parallel 401s in the browser. The access token must outlive the retries: Chromium sends at
   * most 6 requests at a time to one host, so 200 retries take seconds, and a retry that gets
   * a second 401 is not retried again.
   */
  storm: { sizes: [10, 50, 200], accessTokenTtl: '10s' },
} as const;

/** The password every seeded user has (its bcrypt hash is computed once). */
export const BENCH_PASSWORD = 'bench-password-not-secret';

export function benchEmail(index: number): string {
  return `bench-${index}@bench.test`;
}

const secret = () => randomBytes(36).toString('base64url');

/** Fresh keys for each run of the bench, like the step runner makes. */
export function newSecrets() {
  return { JWT_SECRET: secret(), JWT_REFRESH_SECRET: secret(), NEXTAUTH_SECRET: secret() };
}
