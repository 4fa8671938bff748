import bcrypt from 'bcryptjs';
import type { RequestHandler, Response } from 'express';
import type { Config } from '../config.ts';
import { clientAddress } from '../lib/client-address.ts';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from '../lib/refresh-cookie.ts';
import { signAccessToken } from '../lib/tokens.ts';
import { HttpError } from '../lib/http-error.ts';
import type { ValidatedHandler } from '../middleware/validate-body.ts';
import { passwordHashing, User } from '../models/user.model.ts';
import type { LoginInput, RegisterInput } from '../schemas/auth.schemas.ts';
import { loginThrottle, type LoginThrottleSettings } from '../services/login-throttle.ts';
import { refreshTokenService, type RotationFailure } from '../services/refresh-tokens.ts';

const DUPLICATE_KEY = 11000;
const INVALID_CREDENTIALS = 'Invalid email or password';

const REFRESH_REFUSED: Record<RotationFailure | 'missing' | 'no-account', string> = {
  missing: 'No refresh token: sign in first',
  unknown: 'The refresh token is not valid: sign in again',
  expired: 'The sign-in has expired: sign in again',
  revoked: 'The sign-in has ended: sign in again',
  reused: 'The refresh token was already used, so the sign-in was ended for safety: sign in again',
  'no-account': 'The account no longer exists',
};

/** A 429 that says, in whole seconds, when to try again. */
function tooMany(res: Response, retryAfterMs: number, message: string): HttpError {
  res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return new HttpError(429, message);
}

export type AuthSettings = LoginThrottleSettings &
  Pick<
    Config,
    | 'NODE_ENV'
    | 'JWT_SECRET'
    | 'JWT_REFRESH_SECRET'
    | 'ACCESS_TOKEN_TTL'
    | 'REFRESH_TOKEN_TTL'
    | 'REFRESH_REUSE_LEEWAY'
    | 'REFRESH_MAX_PER_MINUTE'
  >;

export function authController(config: AuthSettings) {
  // Compared against when no user has the email, so that answer takes as long as a wrong
  // password: the response time does not tell which emails have an account. Hashed at the
  // cost new passwords get, which src/app.ts sets before it makes the routes.
  const dummyHash = bcrypt.hash('not the password of anyone', passwordHashing.cost);

  /** As slow as checking a real password, and never a match. */
  async function compareWithDummy(password: string): Promise<false> {
    await bcrypt.compare(password, await dummyHash);
    return false;
  }

  const production = config.NODE_ENV === 'production';
  const refreshTokens = refreshTokenService({
    key: config.JWT_REFRESH_SECRET,
    ttlMs: config.REFRESH_TOKEN_TTL,
    reuseLeewayMs: config.REFRESH_REUSE_LEEWAY,
    maxPerMinute: config.REFRESH_MAX_PER_MINUTE,
  });
  const throttle = loginThrottle(config);
  const accessTokenFor = (userId: string) =>
    signAccessToken(userId, config.JWT_SECRET, config.ACCESS_TOKEN_TTL);

  const register: ValidatedHandler<RegisterInput> = async (req, res) => {
    const { name, email, password } = req.body;
    try {
      const user = await User.create({ name, email, password });
      res.status(201).json({ user });
    } catch (error) {
      // Two registrations with one email can both pass any "does it exist?" check;
      // only the unique index decides, and the loser gets error 11000.
      if ((error as { code?: unknown }).code === DUPLICATE_KEY) {
        throw new HttpError(409, 'An account with this email already exists');
      }
      throw error;
    }
  };

  const login: ValidatedHandler<LoginInput> = async (req, res) => {
    const { email, password } = req.body;
    const attempt = await throttle.begin(email, clientAddress(req));
    if (attempt.locked)
      throw tooMany(
        res,
        attempt.retryAfterMs,
        'Too many failed sign-ins: wait a while, then try again',
      );

    let user;
    let passwordMatches;
    try {
      user = await User.findOne({ email }).select('+password');
      passwordMatches = user
        ? await user.comparePassword(password)
        : await compareWithDummy(password);
    } catch (error) {
      await attempt.undo().catch(() => {}); // the database failed: there is nothing to count
      throw error;
    }
    // A wrong password keeps the failure the throttle counted in advance.
    if (!user || !passwordMatches) throw new HttpError(401, INVALID_CREDENTIALS);
    await attempt.succeeded();

    const issued = await refreshTokens.issue(user.id);
    setRefreshCookie(res, issued.token, issued.expiresAt, production);
    res.json({ accessToken: accessTokenFor(user.id), user });
  };

  const refresh: RequestHandler = async (req, res) => {
    const token = readRefreshCookie(req);
    const result = token
      ? await refreshTokens.rotate(token)
      : ({ ok: false, reason: 'missing' } as const);
    // Too many refreshes of one sign-in: the token stays good, the client waits.
    if (!result.ok && result.reason === 'too-many') {
      throw tooMany(
        res,
        result.retryAfterMs,
        'Too many refreshes of this sign-in: wait a moment, then try again',
      );
    }
    if (!result.ok) {
      // Whatever was sent is worthless now: tell the client to drop it.
      clearRefreshCookie(res, production);
      throw new HttpError(401, REFRESH_REFUSED[result.reason]);
    }
    // An account deleted since the sign-in gets no more access tokens, and its sign-in ends.
    if (!(await User.exists({ _id: result.userId }))) {
      await refreshTokens.revokeFamilyOf(result.token);
      clearRefreshCookie(res, production);
      throw new HttpError(401, REFRESH_REFUSED['no-account']);
    }
    setRefreshCookie(res, result.token, result.expiresAt, production);
    res.json({ accessToken: accessTokenFor(result.userId) });
  };

  const logout: RequestHandler = async (req, res) => {
    const token = readRefreshCookie(req);
    if (token) await refreshTokens.revokeFamilyOf(token);
    // 204 with or without a cookie: signing out twice is not an error.
    clearRefreshCookie(res, production);
    res.status(204).end();
  };

  return { register, login, refresh, logout };
}
