// Login must not tell which emails have an account: an unknown email and a wrong password get
// the same status, the same body, the same headers, and take about as long (the backend
// compares against a dummy hash when no user matches). (ASVS V2.2.1 / V3.2 no account enumeration)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { beforeAll, describe, expect, test } from 'vitest';
import { newAccount, registerOverHttp, type Account } from './support/accounts.ts';
import { env } from './support/backend.ts';

const ROUNDS = 12;
// tests/env.json allows 3 failures per email: spread the wrong passwords over enough accounts.
const ACCOUNTS = 4;
let accounts: Account[];

interface Timed {
  status: number;
  text: string;
  headers: string[];
  ms: number;
}

async function timedLogin(email: string, password: string): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(`${env.backendUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  // Header names only: values such as Date and ETag differ for reasons of their own.
  return {
    status: response.status,
    text,
    headers: [...response.headers.keys()].filter((name) => name !== 'etag').sort(),
    ms,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

beforeAll(async () => {
  accounts = Array.from({ length: ACCOUNTS }, (_, index) => newAccount(`enum${index}`));
  for (const account of accounts) await registerOverHttp(env.backendUrl, account);
});

describe('when login is tried with unknown emails and with known emails and wrong passwords', () => {
  test('then the answers are identical and the median times are within a factor of 2', async () => {
    const known: Timed[] = [];
    const unknown: Timed[] = [];
    // Interleaved, so a slow moment of the machine hits both sides alike.
    for (let round = 0; round < ROUNDS; round += 1) {
      const account = accounts[round % ACCOUNTS]!;
      known.push(await timedLogin(account.email, `${account.password}-wrong`));
      unknown.push(
        await timedLogin(`nobody-${round}-${account.email}`, `${account.password}-wrong`),
      );
    }

    for (const [index, answer] of [...known, ...unknown].entries()) {
      expect(
        answer.status,
        `Attempt ${index}: both cases should answer 401 (not 404 for an unknown email): ${answer.text}`,
      ).toBe(401);
      expect(answer.text, 'Unknown email and wrong password must get the very same body').toBe(
        known[0]!.text,
      );
      expect(answer.headers, 'Unknown email and wrong password must get the same headers').toEqual(
        known[0]!.headers,
      );
    }
    const ratio = median(unknown.map((a) => a.ms)) / median(known.map((a) => a.ms));
    expect(
      ratio,
      `An unknown email answered in ${ratio.toFixed(2)}× the time of a wrong password: compare against a dummy bcrypt hash when no user matches (src/controllers/auth.controller.ts)`,
    ).toBeGreaterThan(0.5);
    expect(
      ratio,
      `An unknown email took ${ratio.toFixed(2)}× as long as a wrong password`,
    ).toBeLessThan(2);
  });
});
