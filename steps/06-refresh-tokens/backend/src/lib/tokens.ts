// Access tokens: short-lived JWTs that the frontend sends as `Authorization: Bearer <token>`.
import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Who the tokens are for: a token minted for another service with the same key is refused. */
export const AUDIENCE = 'workshop-api';
const ALGORITHM = 'HS256';

const keys = new Map<string, KeyObject>();

/**
 * The secret as a key object, made once. Given a plain string, jsonwebtoken first tries to
 * read it as a PEM key and only uses it as an HMAC secret once that attempt has failed: on
 * every call, and at a cost far above the signature check itself (docs/performance.md).
 */
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

/** A signed access token whose subject (`sub`) is the user's id. */
export function signAccessToken(userId: string, secret: string, ttlMs: number): string {
  // `type` tells an access token from any other token signed by us; requireAuth insists on it.
  return jwt.sign({ type: 'access' }, keyFor(secret), {
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
  const payload = jwt.verify(token, keyFor(secret), {
    algorithms: [ALGORITHM],
    audience: AUDIENCE,
  });
  if (typeof payload === 'string' || payload.type !== 'access')
    throw new Error('Not an access token');
  const { sub } = payload;
  if (!sub || !/^[a-f\d]{24}$/.test(sub)) throw new Error('Not an access token');
  return sub;
}
