// What one core can do, measured in this process while the servers sit idle: the access token
// check of requireAuth against a bare HMAC-SHA256, and one bcrypt comparison.
import { createHmac } from 'node:crypto';
import bcrypt from 'bcryptjs';
import {
  signAccessToken,
  verifyAccessToken,
} from '../../../steps/06-refresh-tokens/backend/src/lib/tokens.ts';
import { median } from '../lib/stats.ts';

export interface TokenCost {
  /** requireAuth's check of a token (verifyAccessToken: jsonwebtoken and our claims). */
  verifyPerSecond: number;
  hmacPerSecond: number;
  /** verify / HMAC: the share of a bare signature check that the full verification reaches. */
  ratio: number;
}

/** Calls `work` in a tight loop for `ms` milliseconds; returns calls per second. */
function perSecond(work: () => unknown, ms: number): number {
  const started = performance.now();
  let calls = 0;
  let now = started;
  while (now - started < ms) {
    for (let i = 0; i < 64; i++) work();
    calls += 64;
    now = performance.now();
  }
  return (calls / (now - started)) * 1000;
}

export function measureTokenCost(
  secret: string,
  userId: string,
  runs: number,
  loopMs: number,
): TokenCost {
  const token = signAccessToken(userId, secret, 15 * 60_000);
  // What a bare check of the signature hashes: "header.payload", keyed with the secret.
  const signingInput = token.slice(0, token.lastIndexOf('.'));
  const verify = () => verifyAccessToken(token, secret);
  const hmac = () => createHmac('sha256', secret).update(signingInput).digest();

  for (const work of [verify, hmac]) perSecond(work, 100); // let the JIT settle first
  const verifies: number[] = [];
  const hmacs: number[] = [];
  for (let run = 0; run < runs; run++) {
    verifies.push(perSecond(verify, loopMs));
    hmacs.push(perSecond(hmac, loopMs));
  }
  const verifyPerSecond = median(verifies);
  const hmacPerSecond = median(hmacs);
  return {
    verifyPerSecond,
    hmacPerSecond,
    ratio: verifyPerSecond / hmacPerSecond,
  };
}

/** bcrypt.compare of the right password, one after another: compares per second on one core. */
export async function bcryptComparesPerSecond(
  password: string,
  hash: string,
  compares: number,
): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < compares; i++) await bcrypt.compare(password, hash);
  return (compares / (performance.now() - started)) * 1000;
}
