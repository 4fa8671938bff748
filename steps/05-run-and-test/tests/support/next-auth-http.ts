// Signs in through NextAuth's own HTTP endpoints, as the browser's signIn() does, so a
// check can look at the answer (and the session cookie) without a browser.

export interface SignInAnswer {
  status: number;
  /** The `error` that signIn() would report, e.g. "CredentialsSignin"; null on success. */
  error: string | null;
  /** `name=value` pairs of every cookie NextAuth set, ready for a Cookie header. */
  cookie: string;
}

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
}

/** `headers` go with both requests, e.g. the X-Forwarded-For a proxy in front would add. */
export async function signInOverHttp(
  frontendUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<SignInAnswer> {
  // NextAuth refuses a sign-in without the CSRF token from /api/auth/csrf and its cookie.
  const csrf = await fetch(`${frontendUrl}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiePairs(csrf);

  const response = await fetch(`${frontendUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...headers,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: csrfCookie.join('; '),
    },
    // json: 'true' asks for the JSON answer that signIn({ redirect: false }) reads.
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const { url } = (await response.json()) as { url: string };
  return {
    status: response.status,
    error: new URL(url, frontendUrl).searchParams.get('error'),
    cookie: [...csrfCookie, ...cookiePairs(response)].join('; '),
  };
}
