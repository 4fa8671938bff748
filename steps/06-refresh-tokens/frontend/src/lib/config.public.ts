// The browser's settings (used by src/lib/register-account.ts and src/utils/api.ts). Next.js
// writes the values of NEXT_PUBLIC_* variables into the JavaScript bundle when it builds, so
// they are public: never put a secret here. Server-only settings live in src/lib/config.server.ts.
import { z } from 'zod';

const schema = z.object({
  NEXT_PUBLIC_API_URL: z.url({
    error:
      'NEXT_PUBLIC_API_URL must be the backend API URL, like http://localhost:4000/api (set it before `next build` or `next dev`)',
  }),
});

// Each variable is spelled out in full: Next.js replaces the exact text
// `process.env.NEXT_PUBLIC_API_URL` at build time, and nothing else (not process.env[name]).
const parsed = schema.safeParse({ NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL });
if (!parsed.success) {
  throw new Error(
    `Bad frontend configuration: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`,
  );
}

export const publicConfig = {
  /** The backend's API root without a trailing slash, e.g. http://localhost:4000/api. */
  apiUrl: parsed.data.NEXT_PUBLIC_API_URL.replace(/\/+$/, ''),
};
