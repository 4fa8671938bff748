// The only file that reads process.env. The server checks its settings once, at start-up:
// loadConfig throws a ConfigError naming every bad variable, and src/server.ts prints it and
// stops, instead of failing later on a request.
import { isIP } from 'node:net';
import { z } from 'zod';

const secretHint =
  "make one with: node -e \"console.log(require('node:crypto').randomBytes(48).toString('base64url'))\"";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration like "15m", "7d" or "10s", turned into milliseconds. */
function duration(fallback: string, min: { ms: number; text: string }) {
  return z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a number and a unit (ms, s, m, h or d), e.g. ${fallback}`,
        });
        return z.NEVER;
      }
      const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
      if (ms < min.ms) ctx.addIssue({ code: 'custom', message: `must be at least ${min.text}` });
      return ms;
    });
}

/**
 * TRUST_PROXY for Express's 'trust proxy' setting: off, a hop count, or the proxies by name or
 * address. Only a trusted proxy's X-Forwarded-For decides req.ip; anyone else could write any
 * address there and slip past the per-address login limit.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((text, ctx): false | number | string[] => {
    const value = text.trim();
    if (value === '' || value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
    const valid = entries.every((entry) => named.has(entry) || isIP(entry.split('/')[0]!) !== 0);
    if (value === 'true' || !valid) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be false (default), a number of proxy hops, or the proxies: loopback, uniquelocal or IP addresses/CIDRs, separated by commas ("true" would trust any client)',
      });
      return z.NEVER;
    }
    return entries;
  });

/** Secrets copied from a guide or an example file: long enough, yet known to everyone. */
const PLACEHOLDER_SECRET = /change[-_ ]?me|example|placeholder|your[-_ ]|^(.)\1+$/i;

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(4000),
    MONGODB_URI: z
      .string({ error: 'is required, e.g. mongodb://127.0.0.1:27017/workshop' })
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://'),
    JWT_SECRET: z
      .string({ error: `is required; ${secretHint}` })
      .min(32, `must be at least 32 characters long; ${secretHint}`),
    // Keys the hashes of the stored refresh tokens (src/lib/opaque-token.ts). Refresh tokens are
    // random strings, not JWTs; the name stays from the original guide.
    JWT_REFRESH_SECRET: z
      .string({ error: `is required; ${secretHint}` })
      .min(32, `must be at least 32 characters long; ${secretHint}`),
    // Short: an access token cannot be taken back before it expires.
    ACCESS_TOKEN_TTL: duration('15m', { ms: 1_000, text: '1s' }),
    // How long a sign-in lasts at most: every refresh token of one sign-in expires then.
    REFRESH_TOKEN_TTL: duration('7d', { ms: 1_000, text: '1s' }),
    // How long a refresh token that was just swapped for a new one is still accepted, for a
    // second request that was already on its way with it. 0s turns that grace off.
    REFRESH_REUSE_LEEWAY: duration('10s', { ms: 0, text: '0s' }),
    // Refreshes one sign-in may make per minute; past it, 429 until the minute is over. Normal
    // use refreshes once per access-token lifetime.
    REFRESH_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    // Login throttling (src/services/login-throttle.ts): LOGIN_MAX_FAILURES wrong passwords
    // for one email, or LOGIN_MAX_FAILURES_PER_IP from one client address, within
    // LOGIN_LOCKOUT_WINDOW, and login answers 429 until the oldest of them is older than the
    // window. The counts are kept in the database, shared by every instance of the API.
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
    LOGIN_LOCKOUT_WINDOW: duration('15m', { ms: 1_000, text: '1s' }),
    TRUST_PROXY: trustProxy,
    // Browsers only send credentials (cookies) cross-origin to an origin listed by name.
    CORS_ORIGIN: z
      .string()
      .default('http://localhost:3000')
      .transform((list) =>
        list
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .refine(
        (origins) =>
          origins.length > 0 && origins.every((origin) => /^https?:\/\/[^/]+$/.test(origin)),
        'must list origins like http://localhost:3000 (scheme and host, no path, no trailing slash), separated by commas',
      ),
    // bcrypt's work factor for new passwords (src/models/user.model.ts). 12 takes about a third
    // of a second per hash on a laptop of today; the step checks use 10, since they hash thousands.
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  })
  // One key per purpose: a leaked or reused key must not open both doors.
  .refine((config) => config.JWT_REFRESH_SECRET !== config.JWT_SECRET, {
    path: ['JWT_REFRESH_SECRET'],
    message: `must differ from JWT_SECRET; ${secretHint}`,
  })
  // In production a secret that looks copied from an example is as good as published.
  .refine(
    (config) => config.NODE_ENV !== 'production' || !PLACEHOLDER_SECRET.test(config.JWT_SECRET),
    {
      path: ['JWT_SECRET'],
      message: `looks like an example value (change-me, example, your-..., one repeated character); in production use a random one; ${secretHint}`,
    },
  )
  .refine(
    (config) =>
      config.NODE_ENV !== 'production' || !PLACEHOLDER_SECRET.test(config.JWT_REFRESH_SECRET),
    {
      path: ['JWT_REFRESH_SECRET'],
      message: `looks like an example value (change-me, example, your-..., one repeated character); in production use a random one; ${secretHint}`,
    },
  )
  // Below 10, a stolen hash is cheap to crack: fine for an experiment, never for real users.
  .refine((config) => config.NODE_ENV !== 'production' || config.BCRYPT_COST >= 10, {
    path: ['BCRYPT_COST'],
    message: 'must be at least 10 in production (12 is the default)',
  })
  .refine((config) => config.ACCESS_TOKEN_TTL < config.REFRESH_TOKEN_TTL, {
    path: ['ACCESS_TOKEN_TTL'],
    message: 'must be shorter than REFRESH_TOKEN_TTL',
  });

export type Config = z.infer<typeof schema>;

/** What is wrong with the settings: one problem per bad variable, each naming it. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(readonly problems: string[]) {
    const lines = problems.map((problem) => `  - ${problem}`);
    super(
      `The backend cannot start: bad configuration.\n${lines.join('\n')}\nSee backend/.env.example.`,
    );
  }
}

/** The checked settings; throws a ConfigError when any is missing or wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`),
  );
}
