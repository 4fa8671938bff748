// The frontend's server-side settings, read from the environment and checked with zod.
// Used by src/lib/auth-options.ts, the *.server.ts files in src/lib and the API proxy
// (src/pages/api/backend); no other file reads process.env. The browser has no settings.
import { z } from 'zod';

const notSet = (issue: { input: unknown }) =>
  issue.input === undefined ? 'is not set' : undefined;

const httpUrl = z
  .url({
    protocol: /^https?$/,
    error: (issue) => notSet(issue) ?? 'must be an http:// or https:// URL',
  })
  // "http://localhost:4000/" and "http://localhost:4000" mean the same server.
  .transform((url) => url.replace(/\/+$/, ''));

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration like "7d" or "1h", in milliseconds: the format the backend's settings use. */
const duration = z
  .string()
  .default('7d')
  .transform((text, ctx) => {
    const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
    const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : 0;
    if (ms < 1_000)
      ctx.addIssue({
        code: 'custom',
        message: 'must be a number and a unit (s, m, h or d) of at least 1s, e.g. 7d',
      });
    return ms;
  });

const schema = z.object({
  /** Encrypts the session cookie: whoever knows it can make their own sessions. */
  NEXTAUTH_SECRET: z
    .string({ error: notSet })
    .min(32, 'must be at least 32 characters long (frontend/.env.example shows how to make one)'),
  /** The address people open the app at; NextAuth builds its redirects from it. */
  NEXTAUTH_URL: httpUrl,
  /** Where this server reaches the Express API. */
  BACKEND_URL: httpUrl,
  /**
   * The backend's REFRESH_TOKEN_TTL (same value): the longest a sign-in can last. The
   * session cookie never outlives the refresh token it carries.
   */
  REFRESH_TOKEN_TTL: duration,
});

export type ServerConfig = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Checks the variables; the error names every one that is missing or wrong. */
export function parseServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  // An empty value (`BACKEND_URL=` in a .env file) counts as not set.
  const input = Object.fromEntries(
    Object.keys(schema.shape).map((name) => [name, env[name] || undefined]),
  );
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    [
      'The frontend is not configured correctly:',
      ...result.error.issues.map((issue) => `  - ${issue.path.join('.')} ${issue.message}`),
      'Set them in frontend/.env.local (frontend/.env.example describes each one) and restart the server.',
    ].join('\n'),
  );
}

let config: ServerConfig | undefined;

/**
 * The checked settings. Read on first use, not when this file is imported: `next build`
 * imports the API routes too, and the build has no business knowing the server's secrets.
 */
export function serverConfig(): ServerConfig {
  config ??= parseServerConfig(process.env);
  return config;
}

let reported = false;

/**
 * NEXTAUTH_SECRET when every setting is valid. Otherwise undefined, after logging what is
 * wrong (once): without a secret, NextAuth in production answers every request with 500.
 */
export function secretIfConfigured(): string | undefined {
  try {
    return serverConfig().NEXTAUTH_SECRET;
  } catch (error) {
    if (!reported) console.error((error as Error).message);
    reported = true;
    return undefined;
  }
}
