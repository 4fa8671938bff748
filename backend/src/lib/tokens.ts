// Access tokens: short-lived JWTs that the frontend sends as `Authorization: Bearer <token>`.
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Who the tokens are for: a token minted for another service with the same key is refused. */
export const AUDIENCE = 'workshop-api';
const ALGORITHM = 'HS256';

/** A signed access token whose subject (`sub`) is the user's id. */
export function signAccessToken(userId: string, secret: string, ttlMs: number): string {
  // `type` tells an access token from any other token signed by us; requireAuth insists on it.
  return jwt.sign({ type: 'access' }, secret, {
    algorithm: ALGORITHM,
    subject: userId,
    audience: AUDIENCE,
    expiresIn: Math.max(1, Math.round(ttlMs / 1000)),
    // A unique id: two tokens for one user issued in the same second still differ, so a
    // client can always tell a new token from the one the API just refused.
    jwtid: randomUUID(),
  });
}

/** The user id of a valid access token; throws for anything else (expired, forged, wrong type…). */
export function verifyAccessToken(token: string, secret: string): string {
  // Pinning the algorithm refuses `alg: none` and tokens signed some other way.
  const payload = jwt.verify(token, secret, { algorithms: [ALGORITHM], audience: AUDIENCE });
  if (typeof payload === 'string' || payload.type !== 'access' || !/^[a-f\d]{24}$/.test(payload.sub ?? '')) {
    throw new Error('Not an access token');
  }
  return payload.sub!;
}
