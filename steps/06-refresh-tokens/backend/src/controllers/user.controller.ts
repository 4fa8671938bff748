import type { RequestHandler } from 'express';
import { HttpError } from '../lib/http-error.ts';
import { User } from '../models/user.model.ts';

/** GET /api/user/profile: the signed-in user (requireAuth ran first). */
export const getProfile: RequestHandler = async (_req, res) => {
  const user = await User.findById(res.locals.userId);
  // A valid token for an account deleted since: as good as no token.
  if (!user) throw new HttpError(401, 'The account of this access token no longer exists');
  res.json({ user });
};
