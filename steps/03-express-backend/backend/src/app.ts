// Builds the Express app without listening or connecting, so the checks can use it as it is.
import cors from 'cors';
import express from 'express';
import type { Config } from './config.ts';
import { errorHandler, notFound } from './middleware/error-handler.ts';
import { requestLog } from './middleware/request-log.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { passwordHashing } from './models/user.model.ts';

export function createApp(
  config: Pick<Config, 'NODE_ENV' | 'CORS_ORIGIN' | 'JWT_SECRET' | 'BCRYPT_COST'>,
) {
  const app = express();
  passwordHashing.cost = config.BCRYPT_COST;

  // First, so that the time it prints covers everything below.
  if (config.NODE_ENV === 'development') app.use(requestLog);
  // Name the origins: a bare cors() answers "*", which browsers refuse for credentialed requests.
  app.use(cors({ origin: config.CORS_ORIGIN, credentials: true }));
  // Auth bodies are tiny; a limit keeps a huge body from tying up the server.
  app.use(express.json({ limit: '10kb' }));

  app.use('/api/health', healthRoutes);
  app.use('/api/auth', authRoutes(config.JWT_SECRET));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
