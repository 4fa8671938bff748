import type { RequestHandler } from 'express';
import { z } from 'zod';

/** Answers 400 with field errors unless the body matches; otherwise replaces it with the parsed value. */
export function validateBody(schema: z.ZodType): RequestHandler {
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
    req.body = result.data;
    next();
  };
}
