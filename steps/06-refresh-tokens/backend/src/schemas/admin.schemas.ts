// What the admin routes accept: a page of the user list, and a new role.
import { z } from 'zod';
import { roles } from '../models/user.model.ts';

const wholeNumber = (field: string, max: number) =>
  z.coerce
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be at least 1`)
    .max(max, `${field} must be at most ${max}`);

export const userListQuery = z.object({
  page: wholeNumber('page', 100_000).default(1),
  perPage: wholeNumber('perPage', 100).default(20),
});

export const roleChangeSchema = z.object(
  { role: z.enum(roles, { error: `role must be one of: ${roles.join(', ')}` }) },
  { error: 'The request body must be a JSON object' },
);

export type RoleChangeInput = z.infer<typeof roleChangeSchema>;
