// The refresh token travels in an httpOnly cookie: scripts in a page can never read it.
import type { CookieOptions, Request, Response } from 'express';

export const REFRESH_COOKIE = 'refreshToken';

function cookieOptions(production: boolean): CookieOptions {
  return {
    httpOnly: true,
    // Browsers send it only over HTTPS in production; local http://localhost works too.
    secure: production,
    // Never sent along with a request that another site starts (no CSRF on refresh/logout).
    sameSite: 'strict',
    // Only the auth routes ever need it; every other request goes without it.
    path: '/api/auth',
  };
}

export function setRefreshCookie(
  res: Response,
  token: string,
  expiresAt: Date,
  production: boolean,
): void {
  // Whole seconds, rounded up: Max-Age counts seconds, and the cookie ends with the family.
  const maxAge = Math.max(0, Math.ceil((expiresAt.getTime() - Date.now()) / 1000)) * 1000;
  res.cookie(REFRESH_COOKIE, token, { ...cookieOptions(production), maxAge });
}

export function clearRefreshCookie(res: Response, production: boolean): void {
  // A cookie is only cleared when name, path and flags match the ones it was set with.
  res.clearCookie(REFRESH_COOKIE, cookieOptions(production));
}

/** The refresh token from the cookie, or undefined (cookie-parser may hand over non-strings). */
export function readRefreshCookie(req: Request): string | undefined {
  const value: unknown = req.cookies?.[REFRESH_COOKIE];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
