// The backend sends the refresh token as a cookie. Here the "browser" that receives it is
// this Next.js server (it made the login request), so the cookie is read from the
// response's Set-Cookie header and sent back by hand in a Cookie header.
const REFRESH_COOKIE = 'refreshToken';

/** The refresh token from a backend response's Set-Cookie header(s), if one was set. */
export function refreshTokenFromSetCookie(
  setCookie: string[] | string | undefined,
): string | undefined {
  const lines = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const line of lines) {
    const [pair = ''] = line.split(';');
    const equals = pair.indexOf('=');
    if (pair.slice(0, equals).trim() === REFRESH_COOKIE) {
      const value = pair.slice(equals + 1).trim();
      return value === '' ? undefined : decodeURIComponent(value);
    }
  }
  return undefined;
}

/** The Cookie header that hands a refresh token back to the backend. */
export function refreshCookieHeader(refreshToken: string): string {
  return `${REFRESH_COOKIE}=${encodeURIComponent(refreshToken)}`;
}
