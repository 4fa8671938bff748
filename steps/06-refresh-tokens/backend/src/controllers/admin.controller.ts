// The admin routes, behind requireAuth and requireRole('admin'): the user list, a page at a
// time, and changing a user's role.
import type { RequestHandler } from 'express';
import type { HydratedDocument } from 'mongoose';
import { z } from 'zod';
import { HttpError } from '../lib/http-error.ts';
import type { ValidatedHandler } from '../middleware/validate-body.ts';
import { User, type UserFields } from '../models/user.model.ts';
import { userListQuery, type RoleChangeInput } from '../schemas/admin.schemas.ts';

/** A user as an admin sees one: the public shape, and when the account was made. */
const listed = (user: HydratedDocument<UserFields>) => ({
  ...(user.toJSON() as object),
  createdAt: user.createdAt.toISOString(),
});

/** GET /api/admin/users?page=1&perPage=20: the users, oldest first. */
export const listUsers: RequestHandler = async (req, res) => {
  const query = userListQuery.safeParse(req.query);
  if (!query.success) {
    const { fieldErrors } = z.flattenError(query.error);
    res.status(400).json({ message: 'Some query parameters are invalid', errors: fieldErrors });
    return;
  }
  const { page, perPage } = query.data;
  const [users, total] = await Promise.all([
    User.find()
      .sort({ createdAt: 1, _id: 1 })
      .skip((page - 1) * perPage)
      .limit(perPage),
    User.countDocuments(),
  ]);
  res.json({ users: users.map(listed), page, perPage, total });
};

/** PATCH /api/admin/users/:id/role with {"role": "admin" | "user"}. */
export const changeRole: ValidatedHandler<RoleChangeInput> = async (req, res) => {
  const id = String(req.params.id);
  if (!/^[a-f\d]{24}$/.test(id)) throw new HttpError(404, 'No user with this id');
  // updateOne, then findById: FerretDB has no findAndModify with a projection, which
  // findByIdAndUpdate would send (the password field is left out of every read).
  const { matchedCount } = await User.updateOne({ _id: id }, { role: req.body.role });
  if (matchedCount === 0) throw new HttpError(404, 'No user with this id');
  // Change first, then count: of two admins who demote each other at the same moment, the
  // change that would leave no admin finds none and is undone. A check before the change
  // would pass for both.
  if (req.body.role !== 'admin' && (await User.countDocuments({ role: 'admin' })) === 0) {
    await User.updateOne({ _id: id }, { role: 'admin' });
    throw new HttpError(409, 'At least one admin must remain: make another user admin first');
  }
  const user = await User.findById(id);
  if (!user) throw new HttpError(404, 'No user with this id'); // deleted in the meantime
  res.json({ user: listed(user) });
};
