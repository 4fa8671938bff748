import { Router } from 'express';
import { authController, type AuthSettings } from '../controllers/auth.controller.ts';
import { requireDatabase } from '../middleware/require-database.ts';
import { validateBody } from '../middleware/validate-body.ts';
import { loginSchema, registerSchema } from '../schemas/auth.schemas.ts';

export function authRoutes(config: AuthSettings): Router {
  const { register, login, refresh, logout } = authController(config);
  const router = Router();
  router.use(requireDatabase);
  router.post('/register', validateBody(registerSchema, register));
  // Login throttling happens inside login: only the password check knows what was a failure.
  router.post('/login', validateBody(loginSchema, login));
  // No body: both read the refresh token from the httpOnly cookie.
  router.post('/refresh-token', refresh);
  router.post('/logout', logout);
  return router;
}
