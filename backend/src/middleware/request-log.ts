// One line per request while you develop (`npm run dev`), so you can watch the API being
// called: "POST /api/auth/login 200 312 ms". Off in test and production: the checks read the
// log for errors, and a production server has an access log of its own (its proxy, its host).
import type { RequestHandler } from 'express';

export const requestLog: RequestHandler = (req, res, next) => {
  const started = performance.now();
  res.on('finish', () => {
    // The path only: a query string can carry what does not belong in a log.
    const path = req.originalUrl.split('?')[0];
    const ms = Math.round(performance.now() - started);
    console.log(`${req.method} ${path} ${res.statusCode} ${ms} ms`);
  });
  next();
};
