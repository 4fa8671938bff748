// The only file that reads process.env. The server checks its settings once, at start-up:
// loadConfig throws a ConfigError naming every bad variable, and src/server.ts prints it and
// stops, instead of failing later on a request.
import { z } from 'zod';

const secretHint =
  "make one with: node -e \"console.log(require('node:crypto').randomBytes(48).toString('base64url'))\"";

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
  // Below 10, a stolen hash is cheap to crack: fine for an experiment, never for real users.
  .refine((config) => config.NODE_ENV !== 'production' || config.BCRYPT_COST >= 10, {
    path: ['BCRYPT_COST'],
    message: 'must be at least 10 in production (12 is the default)',
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
