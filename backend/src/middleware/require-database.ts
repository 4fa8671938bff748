import type { RequestHandler } from 'express';
import { isDatabaseUp } from '../db.ts';
import { HttpError } from './error-handler.ts';

/** Answers 503 at once on routes that need the database while it is unreachable. */
export const requireDatabase: RequestHandler = (_req, _res, next) => {
  next(isDatabaseUp() ? undefined : new HttpError(503, 'The database is unavailable; try again shortly'));
};
