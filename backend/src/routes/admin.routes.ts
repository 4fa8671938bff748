import { Router } from 'express';
import { changeRole, listUsers } from '../controllers/admin.controller.ts';
import { requireAuth } from '../middleware/require-auth.ts';
import { requireDatabase } from '../middleware/require-database.ts';
import { requireRole } from '../middleware/require-role.ts';
import { validateBody } from '../middleware/validate-body.ts';
import { roleChangeSchema } from '../schemas/admin.schemas.ts';

export function adminRoutes(jwtSecret: string): Router {
  const router = Router();
  // Every route here, and any added later, needs a valid token and then the admin role.
  router.use(requireAuth(jwtSecret), requireDatabase, requireRole('admin'));
  router.get('/users', listUsers);
  router.patch('/users/:id/role', validateBody(roleChangeSchema, changeRole));
  return router;
}
