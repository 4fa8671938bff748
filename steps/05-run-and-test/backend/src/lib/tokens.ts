import jwt from 'jsonwebtoken';

export const ACCESS_TOKEN_TTL_SECONDS = 60 * 60;

/** A signed access token whose subject (`sub`) is the user's id. */
export function signAccessToken(userId: string, secret: string): string {
  // Name the algorithm on both sides: whoever verifies must pin HS256 too, so a token
  // signed some other way (or with `alg: none`) is refused.
  return jwt.sign({}, secret, {
    algorithm: 'HS256',
    subject: userId,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
  });
}
