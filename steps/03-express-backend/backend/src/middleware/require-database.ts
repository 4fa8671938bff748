import type { RequestHandler } from 'express';
import { isDatabaseUp } from '../db.ts';
import { HttpError } from '../lib/http-error.ts';
import { errorHandler } from './error-handler.ts';

/** How often a request under way looks whether the database is still up. */
const CHECK_EVERY_MS = 100;

const unavailable = () => new HttpError(503, 'The database is unavailable; try again shortly');

/**
 * Answers 503 at once on routes that need the database while it is down. A request already
 * under way when the database stalls would wait as long as the driver does, so it gets its 503
 * as soon as the database counts as down (after 2 s of silence, see src/db.ts). Not a time limit
 * per query: under load a healthy database takes seconds for some queries, and they must not fail.
 */
export const requireDatabase: RequestHandler = (req, res, next) => {
  if (!isDatabaseUp()) return next(unavailable());
  const watch = setInterval(() => {
    if (isDatabaseUp()) return;
    clearInterval(watch);
    // Straight to the error handler, not next(): the request has moved on past this point,
    // and its handler, still waiting, will pass on its own error when it ends.
    if (!res.headersSent) errorHandler(unavailable(), req, res, next);
  }, CHECK_EVERY_MS);
  res.on('close', () => clearInterval(watch));
  next();
};
