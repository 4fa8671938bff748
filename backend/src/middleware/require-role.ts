// Guards the routes of one role, after requireAuth. The role is read from the database on each
// request rather than from the access token, so taking a role away counts at the next request,
// not when the token runs out (docs/decisions/011-roles-read-per-request.md).
import type { RequestHandler } from 'express';
import { HttpError } from '../lib/http-error.ts';
import { User, type Role } from '../models/user.model.ts';

export function requireRole(role: Role): RequestHandler {
  return async (_req, res, next) => {
    const user = await User.findById(res.locals.userId).select('role');
    if (!user) return next(new HttpError(401, 'The account of this access token no longer exists'));
    // Deny by default: only the one role named here passes.
    if (user.role !== role) return next(new HttpError(403, `This needs the ${role} role`));
    next();
  };
}
