import type { RequestHandler } from 'express';
import { databaseSilentFor, isDatabaseUp } from '../db.ts';
import { errorHandler, HttpError } from './error-handler.ts';

/** A request under way gives up when the database has said nothing for this long. */
const SILENCE_ALLOWED_MS = 2_000;
const CHECK_EVERY_MS = 100;

const unavailable = () => new HttpError(503, 'The database is unavailable; try again shortly');

/**
 * Answers 503 at once on routes that need the database while it is unreachable. A database that
 * stalls (overloaded, paused, behind a firewall that drops packets) keeps its connections open and
 * never answers, and the driver would wait for it for many seconds; a request that is under way
 * then gets its 503 once the database has been silent for 2 s. Not a time limit per query: under
 * load a healthy database takes seconds for some queries, but keeps answering others meanwhile.
 */
export const requireDatabase: RequestHandler = (req, res, next) => {
  if (!isDatabaseUp()) return next(unavailable());
  const startedAt = Date.now();
  const watch = setInterval(() => {
    if (isDatabaseUp() && databaseSilentFor(startedAt) < SILENCE_ALLOWED_MS) return;
    clearInterval(watch);
    // Straight to the error handler, not next(): the request has moved on past this point,
    // and its handler, still waiting, will pass on its own error when it ends.
    if (!res.headersSent) errorHandler(unavailable(), req, res, next);
  }, CHECK_EVERY_MS);
  res.on('close', () => clearInterval(watch));
  next();
};
