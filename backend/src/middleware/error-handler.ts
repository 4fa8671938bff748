// One place turns every error into a JSON answer. Clients never see a stack trace or an
// HTML page; unexpected errors are logged here, on the server, and nowhere else.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { HttpError } from '../lib/http-error.ts';

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
  if (type === 'charset.unsupported')
    return [415, 'Send the body as UTF-8 JSON (Content-Type: application/json; charset=utf-8)'];
  if (type === 'encoding.unsupported')
    return [
      415,
      'Unsupported Content-Encoding: send the body uncompressed, or as gzip, deflate or br',
    ];
  // What else express.json() refuses while reading (a gzip body that does not unzip, a body
  // shorter than its Content-Length) has no type, but body-parser marks it 400: the client's too.
  if (isUnreadableBody(error))
    return [
      400,
      'The request body could not be read: it does not match its Content-Encoding or Content-Length',
    ];
  if (isDatabaseUnavailable(error)) return [503, 'The database is unavailable; try again shortly'];
  return [500, 'Something went wrong on our side'];
}

// body-parser makes its errors with http-errors, which sets `expose` on every 4xx: the error
// is about the request, so it is answered, not logged as a fault of ours.
function isUnreadableBody(error: unknown): boolean {
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return status === 400 && expose === true;
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
