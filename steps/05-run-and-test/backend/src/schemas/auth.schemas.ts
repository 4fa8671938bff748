// The shape of every request body, checked before anything reaches mongoose. A value that
// is not a string (say {"$gt": ""}) is refused here, so it can never become a query operator.
import { z } from 'zod';

const text = (field: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined ? `${field} is required` : `${field} must be a string`,
  });

const email = text('Email')
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters')
  .pipe(z.email('Email must be a valid email address'));

// bcrypt only reads the first 72 bytes of a password and silently ignores the rest, so a
// longer one would give a false sense of strength. Count bytes, not characters: 'é' is 2.
const newPassword = text('Password')
  .min(8, 'Password must be at least 8 characters')
  .refine(
    (value) => Buffer.byteLength(value, 'utf8') <= 72,
    'Password must be at most 72 bytes (UTF-8)',
  );

const jsonObject = { error: 'The request body must be a JSON object' };

export const registerSchema = z.object(
  {
    name: text('Name')
      .trim()
      .min(1, 'Name is required')
      .max(100, 'Name must be at most 100 characters'),
    email,
    password: newPassword,
  },
  jsonObject,
);

export const loginSchema = z.object(
  {
    email,
    password: text('Password').min(1, 'Password is required'),
  },
  jsonObject,
);

export type RegisterInput = z.infer<typeof registerSchema>;
export type LoginInput = z.infer<typeof loginSchema>;
