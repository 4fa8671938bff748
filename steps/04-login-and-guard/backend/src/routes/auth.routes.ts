import { Router } from 'express';
import { authController } from '../controllers/auth.controller.ts';
import { requireDatabase } from '../middleware/require-database.ts';
import { validateBody } from '../middleware/validate-body.ts';
import { loginSchema, registerSchema } from '../schemas/auth.schemas.ts';

export function authRoutes(jwtSecret: string): Router {
  const { register, login } = authController(jwtSecret);
  const router = Router();
  router.use(requireDatabase);
  router.post('/register', validateBody(registerSchema, register));
  router.post('/login', validateBody(loginSchema, login));
  return router;
}
