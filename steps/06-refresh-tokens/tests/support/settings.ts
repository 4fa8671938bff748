// The short token lifetimes this step's services run with (tests/env.json), in milliseconds,
// so the checks wait exactly as long as the settings say.
import { readFileSync } from 'node:fs';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function toMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`tests/env.json: "${text}" is not a duration like 5s`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

const { backend } = JSON.parse(readFileSync(new URL('../env.json', import.meta.url), 'utf8')) as {
  backend: Record<string, string>;
};

export const settings = {
  accessTokenTtlMs: toMs(backend.ACCESS_TOKEN_TTL!),
  refreshTokenTtlMs: toMs(backend.REFRESH_TOKEN_TTL!),
  reuseLeewayMs: toMs(backend.REFRESH_REUSE_LEEWAY!),
  loginMaxFailuresPerIp: Number(backend.LOGIN_MAX_FAILURES_PER_IP),
  refreshMaxPerMinute: Number(backend.REFRESH_MAX_PER_MINUTE),
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
