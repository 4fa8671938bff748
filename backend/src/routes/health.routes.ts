import { Router } from 'express';
import { isDatabaseUp } from '../db.ts';

export const healthRoutes = Router();

// For people and for scripts that wait for the API (and, later, load balancers).
healthRoutes.get('/', (_req, res) => {
  if (isDatabaseUp()) res.json({ status: 'ok', db: 'up' });
  else res.status(503).json({ status: 'degraded', db: 'down' });
});
