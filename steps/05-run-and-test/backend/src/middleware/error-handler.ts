// One place turns every error into a JSON answer. Clients never see a stack trace or an
// HTML page; unexpected errors are logged here, on the server, and nowhere else.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';

/** Throw this from a handler to answer with a status and a message meant for the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, `No route for ${req.method} ${req.path}`));
};

export const errorHandler: ErrorRequestHandler = (error, _req, res, next) => {
  // Answered already: requireDatabase gave up waiting for a stalled database, and the handler
  // went on. No one hears this error; it is logged only if it is unexpected.
  if (res.writableEnded) {
    if (describe(error)[0] === 500 && error?.code !== 'ERR_HTTP_HEADERS_SENT') console.error(error);
    return;
  }
  if (res.headersSent) return next(error);
  const [status, message] = describe(error);
  if (status === 500) console.error(error);
  res.status(status).json({ message });
};

function describe(error: unknown): [number, string] {
  if (error instanceof HttpError) return [error.status, error.message];
  // express.json() marks its errors with a `type` (see the body-parser docs).
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return [400, 'The request body is not valid JSON'];
  if (type === 'entity.too.large') return [413, 'The request body is too large'];
  if (isDatabaseUnavailable(error)) return [503, 'The database is unavailable; try again shortly'];
  return [500, 'Something went wrong on our side'];
}

// What the MongoDB driver and mongoose throw when no database server can be reached, or when
// it does not answer in time. MongoNetworkError includes its subclasses: a query that timed out
// (MongoNetworkTimeoutError) and one cut off because the driver dropped the connections to a
// server it found silent (PoolClearedOnNetworkError).
const unreachable = [
  mongoose.mongo.MongoNetworkError,
  mongoose.mongo.MongoServerSelectionError,
  mongoose.Error.MongooseServerSelectionError,
  mongoose.mongo.MongoNotConnectedError,
  mongoose.mongo.MongoTopologyClosedError,
];

function isDatabaseUnavailable(error: unknown): boolean {
  return unreachable.some((type) => error instanceof type);
}
