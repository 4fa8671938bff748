// Builds the Express app without listening or connecting, so the checks can use it as it is.
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import type { Config } from './config.ts';
import { errorHandler, notFound } from './middleware/error-handler.ts';
import { requestLog } from './middleware/request-log.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { docsRoutes } from './routes/docs.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { passwordHashing } from './models/user.model.ts';
import { userRoutes } from './routes/user.routes.ts';

export function createApp(config: Config) {
  const app = express();
  passwordHashing.cost = config.BCRYPT_COST;
  // Off unless TRUST_PROXY names the proxy in front: only then does X-Forwarded-For set req.ip.
  app.set('trust proxy', config.TRUST_PROXY);

  // First, so that the time it prints covers everything below.
  if (config.NODE_ENV === 'development') app.use(requestLog);
  // Safe default response headers (no MIME sniffing, no framing, no X-Powered-By).
  app.use(helmet());
  // Name the origins: a bare cors() answers "*", which browsers refuse for credentialed requests.
  app.use(cors({ origin: config.CORS_ORIGIN, credentials: true }));
  // Fills req.cookies, where the refresh route finds its token. The original guide read
  // req.cookies without ever installing this, so req.cookies was undefined.
  app.use(cookieParser());
  // Auth bodies are tiny; a limit keeps a huge body from tying up the server.
  app.use(express.json({ limit: '10kb' }));

  app.use('/api/health', healthRoutes);
  app.use('/api/auth', authRoutes(config));
  app.use('/api/user', userRoutes(config.JWT_SECRET));
  app.use('/api/admin', adminRoutes(config.JWT_SECRET));
  // The API's description and a page to try it: for development only, like the request log.
  if (config.NODE_ENV === 'development') app.use('/api/docs', docsRoutes());

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
