// The frontend's own API client (src/utils/api.ts: the axios instance with its interceptors),
// bundled here for the browser and loaded into a signed-in page of the running app, so that a
// check can fire many calls at once through it. Used by refresh-in-browser.spec.ts and by the
// bench's refresh storm (scripts/bench/phases/storm.ts). Nothing of it ships in the app.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { build } from 'esbuild';

/** What the checks call on the client: axios' `get`, answered with the status. */
export interface LoadedApiClient {
  get(path: string): Promise<{ status: number }>;
}

declare global {
  interface Window {
    /** Set by loadApiClient(): the module's exports, `default` being the axios instance. */
    __apiClientUnderTest?: { default: LoadedApiClient };
  }
}

const bundles = new Map<string, Promise<string>>();

/**
 * src/utils/api.ts with its imports (axios, next-auth/react) as one browser script. `@/...`
 * paths resolve through the frontend's tsconfig.json. It calls /api/backend on the page's own
 * origin, as the app does.
 */
export function bundleApiClient(frontendDir: string): Promise<string> {
  const key = frontendDir;
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = build({
      entryPoints: [join(frontendDir, 'src', 'utils', 'api.ts')],
      tsconfig: join(frontendDir, 'tsconfig.json'),
      bundle: true,
      write: false,
      format: 'iife',
      globalName: '__apiClientUnderTest',
      // Set on window explicitly: however the page evaluates the script, it stays reachable.
      footer: { js: 'window.__apiClientUnderTest = __apiClientUnderTest;' },
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
      // Every process.env read becomes a value. NEXTAUTH_URL and the like are left undefined,
      // so next-auth/react talks to /api/auth on the page's own origin, as it does in the app.
      define: {
        'process.env.NODE_ENV': JSON.stringify('production'),
        'process.env': '{}',
      },
    }).then((result) => result.outputFiles[0]!.text);
    bundles.set(key, bundle);
  }
  return bundle;
}

/**
 * Runs the bundled client in the page, next to the app's own scripts: same origin, same
 * NextAuth session cookie, same backend. Evaluated rather than added as a <script> tag, which
 * the app's Content-Security-Policy (script-src 'self') rightly refuses. Then one call to
 * /user/profile, while the access token is still valid: from then on the client holds the
 * session in memory, as the app's own client does once a page has used it.
 */
export async function loadApiClient(page: Page, frontendDir: string) {
  await page.evaluate(await bundleApiClient(frontendDir));
  const status = await page.evaluate(async () => {
    const api = window.__apiClientUnderTest?.default;
    if (typeof api?.get !== 'function') return 'no default export';
    return (await api.get('/user/profile')).status;
  });
  if (status !== 200)
    throw new Error(
      `src/utils/api.ts should export its axios instance as the default export, and api.get('/user/profile') should answer 200 for a signed-in page (got ${status})`,
    );
}
