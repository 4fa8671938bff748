// HTTP calls to the backend's auth routes, with the refresh cookie handled the way a
// cookie-aware client (the NextAuth server, Postman, curl -c/-b) would. Built on request() of
// support/helpers.ts, the one HTTP helper of the checks.
import { newAccount, registerOverHttp, type Account } from './accounts.ts';
import { env, request, type Answer, type RequestOptions } from './helpers.ts';

export { env };
export const REFRESH_COOKIE = 'refreshToken';

export interface SetCookie {
  value: string;
  /** Attribute names in lower case (httponly, samesite, path, max-age, expires, secure). */
  attributes: Record<string, string>;
}

export interface AuthAnswer extends Answer {
  /** The refreshToken cookie this answer set (or cleared), if any. */
  cookie?: SetCookie;
}

function readSetCookie(headers: Headers, name: string): SetCookie | undefined {
  for (const line of headers.getSetCookie()) {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    if (pair.slice(0, equals) !== name) continue;
    return {
      value: pair.slice(equals + 1),
      attributes: Object.fromEntries(
        attributes.map((attribute) => {
          const [key = '', ...value] = attribute.split('=');
          return [key.toLowerCase(), value.join('=')];
        }),
      ),
    };
  }
  return undefined;
}

/** True when the Set-Cookie tells the client to drop the cookie at once. */
export function isCleared(cookie: SetCookie | undefined): boolean {
  if (!cookie) return false;
  const maxAge = cookie.attributes['max-age'];
  const expires = cookie.attributes.expires;
  return (
    cookie.value === '' ||
    maxAge === '0' ||
    (expires !== undefined && Date.parse(expires) <= Date.now())
  );
}

/** Where to send a request: another backend than the run's, or a signal to give up early. */
export type SendOptions = Pick<RequestOptions, 'baseUrl' | 'signal'>;

async function send(path: string, init: RequestInit, options?: SendOptions): Promise<AuthAnswer> {
  const answer = await request(path, init, options);
  return { ...answer, cookie: readSetCookie(answer.headers, REFRESH_COOKIE) };
}

const withCookie = (token: string | undefined): HeadersInit =>
  token === undefined ? {} : { cookie: `${REFRESH_COOKIE}=${token}` };

export function login(
  account: Pick<Account, 'email' | 'password'>,
  options?: SendOptions,
): Promise<AuthAnswer> {
  return send(
    '/api/auth/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    },
    options,
  );
}

export function refresh(token?: string, options?: SendOptions): Promise<AuthAnswer> {
  return send('/api/auth/refresh-token', { method: 'POST', headers: withCookie(token) }, options);
}

export function logout(token?: string): Promise<AuthAnswer> {
  return send('/api/auth/logout', { method: 'POST', headers: withCookie(token) });
}

export function getProfile(authorization?: string): Promise<AuthAnswer> {
  return send('/api/user/profile', {
    headers: authorization === undefined ? {} : { authorization },
  });
}

export interface SignedIn {
  account: Account;
  userId: string;
  accessToken: string;
  /** The refresh token from the login's cookie. */
  refreshToken: string;
  answer: AuthAnswer;
}

/** Registers a new account and logs it in; fails with a hint when login does not hand out both tokens. */
export async function signedInUser(label: string): Promise<SignedIn> {
  const account = newAccount(label);
  await registerOverHttp(env.backendUrl, account);
  const answer = await login(account);
  if (
    answer.status !== 200 ||
    typeof answer.json?.accessToken !== 'string' ||
    !answer.cookie?.value
  ) {
    throw new Error(
      `Login should answer 200 with {accessToken, user} and set the "${REFRESH_COOKIE}" cookie; it answered ${answer.status} ` +
        `${answer.text} ${answer.cookie ? '' : '(no refreshToken cookie)'}`,
    );
  }
  return {
    account,
    userId: answer.json.user.id,
    accessToken: answer.json.accessToken,
    refreshToken: answer.cookie.value,
    answer,
  };
}
