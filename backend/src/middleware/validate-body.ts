import type { Request, RequestHandler } from 'express';
import { z } from 'zod';

/** A route handler whose req.body has passed a schema: typed as what the schema gives. */
export type ValidatedHandler<Body> = RequestHandler<Request['params'], unknown, Body>;

/**
 * Answers 400 with field errors unless the body matches the schema; otherwise runs the handler
 * with req.body replaced by the parsed value. Schema and handler are given together, so
 * TypeScript checks that the handler expects the body this schema makes: no cast in handlers.
 */
export function validateBody<Body>(
  schema: z.ZodType<Body>,
  handler: ValidatedHandler<Body>,
): RequestHandler {
  return (req, res, next) => {
    // No body at all (or not JSON) is treated as an empty object: every field is then "required".
    const result = schema.safeParse(req.body ?? {});
    if (!result.success) {
      const { formErrors, fieldErrors } = z.flattenError(result.error);
      res.status(400).json({
        message: formErrors[0] ?? 'Some fields are missing or invalid',
        errors: fieldErrors,
      });
      return;
    }
    return handler(Object.assign(req, { body: result.data }), res, next);
  };
}
