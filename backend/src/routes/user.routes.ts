import { Router } from 'express';
import { getProfile } from '../controllers/user.controller.ts';
import { requireAuth } from '../middleware/require-auth.ts';
import { requireDatabase } from '../middleware/require-database.ts';

export function userRoutes(jwtSecret: string): Router {
  const router = Router();
  // The token is checked first: without one, the answer is 401 even while the database is down.
  router.use(requireAuth(jwtSecret), requireDatabase);
  router.get('/profile', getProfile);
  return router;
}
