// The API the bench loads: the backend's own app (createApp) for login, refresh and the
// profile route, plus one bench-only pair under /bench that differs in requireAuth alone.
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import { createApp } from '../../../steps/06-refresh-tokens/backend/src/app.ts';
import type { Config } from '../../../steps/06-refresh-tokens/backend/src/config.ts';
import { getProfile } from '../../../steps/06-refresh-tokens/backend/src/controllers/user.controller.ts';
import {
  errorHandler,
  notFound,
} from '../../../steps/06-refresh-tokens/backend/src/middleware/error-handler.ts';
import { requireDatabase } from '../../../steps/06-refresh-tokens/backend/src/middleware/require-database.ts';
import { userRoutes } from '../../../steps/06-refresh-tokens/backend/src/routes/user.routes.ts';
import type { DatabaseOps } from './database-ops.ts';

/** Header that names the user on the unguarded route, in place of a token. */
export const BENCH_USER_HEADER = 'x-bench-user';

/**
 * GET /bench/open/user/profile: the backend's profile handler with the same database read,
 * but no requireAuth. The user id comes from a header instead of a verified token.
 */
function openUserRoutes(): Router {
  const router = Router();
  const userFromHeader: RequestHandler = (req, res, next) => {
    res.locals.userId = req.get(BENCH_USER_HEADER) ?? '';
    next();
  };
  router.use(userFromHeader, requireDatabase);
  router.get('/profile', getProfile);
  return router;
}

/**
 * Counts requests whose handler has not answered yet. A load run ends by dropping its
 * connections, but the server still works through what it had accepted; the bench waits for
 * 0 before the next run, so one run's leftovers never slow down the next.
 */
function countInFlight() {
  let inFlight = 0;
  const middleware: RequestHandler = (_req, res, next) => {
    inFlight++;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    let answered = false;
    res.end = ((...args: unknown[]) => {
      if (!answered) inFlight--;
      answered = true;
      return end(...args);
    }) as typeof res.end;
    next();
  };
  return { middleware, count: () => inFlight };
}

export function createBenchApp(config: Config, ops: DatabaseOps) {
  const app = express();
  const inFlight = countInFlight();

  // The bench's own controls, outside what is counted.
  app.get('/bench-ops', (_req, res) => {
    const cpu = process.cpuUsage();
    res.json({ ops: ops.read(), inFlight: inFlight.count(), cpuMicros: cpu.user + cpu.system });
  });
  app.delete('/bench-ops', (_req, res) => {
    ops.reset();
    res.status(204).end();
  });
  app.use(inFlight.middleware);

  // Both routes of the pair go through the same middleware, the same as createApp() puts in
  // front of every route, so the only difference left between them is requireAuth.
  const pair = Router();
  pair.use(
    helmet(),
    cors({ origin: config.CORS_ORIGIN, credentials: true }),
    cookieParser(),
    express.json({ limit: '10kb' }),
  );
  pair.use('/guarded/user', userRoutes(config.JWT_SECRET));
  pair.use('/open/user', openUserRoutes());
  pair.use(notFound, errorHandler);
  app.use('/bench', pair);

  // Everything else exactly as the backend serves it.
  app.use(createApp(config));
  return app;
}
