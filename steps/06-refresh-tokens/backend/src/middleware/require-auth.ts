// Guards the API routes that need a signed-in user: a valid access token in the
// Authorization header, or 401. The backend checks every request; the frontend's guards
// only decide what the browser shows.
import jwt from 'jsonwebtoken';
import type { RequestHandler } from 'express';
import { HttpError } from '../lib/http-error.ts';
import { verifyAccessToken } from '../lib/tokens.ts';

declare global {
  namespace Express {
    interface Locals {
      /** Set by requireAuth: the id of the signed-in user. */
      userId: string;
    }
  }
}

export function requireAuth(jwtSecret: string): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer ([^\s]+)$/.exec(req.get('authorization') ?? '');
    // Tells clients which scheme to use and, on a bad token, that a new one may help.
    res.set('WWW-Authenticate', match ? 'Bearer error="invalid_token"' : 'Bearer');
    if (!match)
      return next(new HttpError(401, 'Send an access token: Authorization: Bearer <token>'));
    try {
      res.locals.userId = verifyAccessToken(match[1]!, jwtSecret);
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      return next(
        new HttpError(
          401,
          expired ? 'The access token has expired' : 'The access token is not valid',
        ),
      );
    }
    res.removeHeader('WWW-Authenticate');
    next();
  };
}
