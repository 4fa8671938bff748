// Signs in to NextAuth over plain HTTP, the way signIn('credentials') does in the browser.
// Used by the checks of step 2 and copied by later steps.
//
//   1. GET  /api/auth/csrf                  -> { csrfToken } and the csrf cookie
//   2. POST /api/auth/callback/credentials  form: csrfToken, email, password, json=true
//                                           -> { url }; on failure url has ?error=<code>
//   3. GET  /api/auth/session               with the session cookie -> the session, or {}

/** The cookies one visitor holds, sent back with each request like a browser would. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.header());
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(response);
    return response;
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  names(): string[] {
    return [...this.cookies.keys()];
  }

  /** The Cookie header the jar sends: every cookie it holds, as `name=value` pairs. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired =
        attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export interface SignInResult {
  /** HTTP status of the callback: 200 when signed in, 401 when authorize() said no or threw. */
  status: number;
  /** Where NextAuth would send the browser next. */
  url: string | undefined;
  /** The `error` query parameter of that URL: CredentialsSignin, ServiceUnavailable, or null. */
  error: string | null;
  /** The callback's answer as text, for assertion messages. */
  body: string;
}

/**
 * Runs steps 1 and 2 above; the jar then holds the session cookie if the sign-in worked.
 * `headers` go with both requests, e.g. the X-Forwarded-For a proxy in front would add.
 */
export async function signInWithCredentials(
  frontendUrl: string,
  credentials: { email: string; password: string },
  jar = new CookieJar(),
  headers: Record<string, string> = {},
): Promise<SignInResult> {
  const csrfResponse = await jar.fetch(`${frontendUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken?: string };
  if (!csrfToken)
    throw new Error(`GET /api/auth/csrf answered ${csrfResponse.status} without a csrfToken`);

  const response = await jar.fetch(`${frontendUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    // json: 'true' asks for the JSON answer that signIn({ redirect: false }) reads.
    body: new URLSearchParams({ csrfToken, ...credentials, json: 'true' }),
  });
  const body = await response.text();
  const url = parseJson<{ url?: string }>(body)?.url;
  const error = url ? new URL(url, frontendUrl).searchParams.get('error') : null;
  return { status: response.status, url, error, body };
}

/** Steps 1 and 2 with a jar of its own; `cookie` is the Cookie header for the requests after. */
export async function signInOverHttp(
  frontendUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignInResult & { cookie: string }> {
  const jar = new CookieJar();
  const result = await signInWithCredentials(frontendUrl, { email, password }, jar, headers);
  return { ...result, cookie: jar.header() };
}

/** Step 3 above: what NextAuth says about the jar's session ({} when signed out). */
export async function readSession(
  frontendUrl: string,
  jar: CookieJar,
): Promise<Record<string, unknown>> {
  const response = await jar.fetch(`${frontendUrl}/api/auth/session`);
  const body = await response.text();
  const session = parseJson<Record<string, unknown>>(body);
  if (!response.ok || !session)
    throw new Error(`GET /api/auth/session answered ${response.status}: ${body.slice(0, 300)}`);
  return session;
}

function parseJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
