// Slows down password guessing: after too many failed logins for one email, or from one
// client address, POST /api/auth/login answers 429 with Retry-After until the window has
// passed, without even looking at the password. The original guide let anyone try forever.
import type { RequestHandler } from 'express';
import type { Config } from '../config.ts';
import { failureCounter } from '../lib/failure-counter.ts';
import type { LoginInput } from '../schemas/auth.schemas.ts';
import { HttpError } from './error-handler.ts';

export type LoginThrottleSettings = Pick<Config, 'LOGIN_MAX_FAILURES' | 'LOGIN_MAX_FAILURES_PER_IP' | 'LOGIN_LOCKOUT_WINDOW'>;

/** Runs after validateBody(loginSchema): the email is already trimmed and lower-cased. */
export function loginThrottle(settings: LoginThrottleSettings): RequestHandler {
  const windowMs = settings.LOGIN_LOCKOUT_WINDOW;
  const perEmail = failureCounter({ max: settings.LOGIN_MAX_FAILURES, windowMs });
  const perAddress = failureCounter({ max: settings.LOGIN_MAX_FAILURES_PER_IP, windowMs });

  return (req, res, next) => {
    const email = (req.body as LoginInput).email;
    // req.ip is the socket's address unless TRUST_PROXY names the proxy in front (src/app.ts).
    const address = req.ip ?? 'unknown';
    const waitMs = Math.max(perEmail.blockedFor(email), perAddress.blockedFor(address));
    if (waitMs > 0) {
      res.set('Retry-After', String(Math.ceil(waitMs / 1000)));
      return next(new HttpError(429, 'Too many failed sign-ins: wait a while, then try again'));
    }

    // Counted as a failure before the password is checked, so a burst of parallel guesses
    // cannot all slip through while bcrypt is busy; taken back unless the answer is a 401.
    perEmail.add(email);
    perAddress.add(address);
    res.on('finish', () => {
      if (res.statusCode === 401) return;
      perAddress.remove(address);
      if (res.statusCode < 400) perEmail.clear(email);
      else perEmail.remove(email);
    });
    next();
  };
}
