// The refresh cookie as a client sees it: the value of "refreshToken" in a Set-Cookie header.
export const REFRESH_COOKIE = 'refreshToken';

/** The refresh token from Set-Cookie header(s), or undefined when the answer set none (or cleared it). */
export function refreshTokenFrom(setCookie: string | string[] | undefined): string | undefined {
  for (const header of [setCookie ?? []].flat()) {
    const match = new RegExp(`(?:^|,\\s*)${REFRESH_COOKIE}=([^;]*)`).exec(header);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** A header by name in any case (autocannon keeps the case the server sent: "Set-Cookie"). */
export function headerOf(
  headers: Record<string, string | string[]>,
  name: string,
): string | string[] | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
