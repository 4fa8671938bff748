// Thrown by handlers and middleware to answer with a status and a message meant for the
// client. src/middleware/error-handler.ts turns it into the JSON answer.
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
