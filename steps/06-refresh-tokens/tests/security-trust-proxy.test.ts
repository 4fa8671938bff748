// With TRUST_PROXY off (the default) the client address is the socket's, whatever the request
// claims in X-Forwarded-For: a guesser cannot get a fresh per-address allowance by writing a
// new address into each request. Built in this process with createApp() on a free port.
// (ASVS V2.2.1 anti-automation, V14.1 proxy trust)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backendSettings } from './support/backend-config.ts';
import { env } from './support/backend.ts';

const PER_ADDRESS = 2;
let server: Server;
let url: string;
let disconnect: () => Promise<void>;

const backendModule = (file: string) =>
  import(pathToFileURL(join(env.backendDir, 'src', file)).href);

beforeAll(async () => {
  const { loadConfig } = await backendModule('config.ts');
  const { createApp } = await backendModule('app.ts');
  const db = await backendModule('db.ts');
  const config = loadConfig(
    backendSettings({
      LOGIN_MAX_FAILURES: '100',
      LOGIN_MAX_FAILURES_PER_IP: String(PER_ADDRESS),
      LOGIN_LOCKOUT_WINDOW: '1m',
    }),
  );
  expect(config.TRUST_PROXY, 'TRUST_PROXY should default to false (src/config.ts)').toBe(false);
  await db.connectDatabase(env.mongodbUri);
  disconnect = db.disconnectDatabase;
  server = createApp(config).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await disconnect?.();
});

describe('when TRUST_PROXY is off and failed logins claim a new X-Forwarded-For each time', () => {
  test('then they all count for the real address, and it gets 429 past LOGIN_MAX_FAILURES_PER_IP', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= PER_ADDRESS; attempt += 1) {
      const response = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `198.51.100.${attempt + 10}`,
        },
        body: JSON.stringify({
          email: `nobody-xff-${attempt}-${Date.now()}@example.com`,
          password: 'guess-123',
        }),
      });
      statuses.push(response.status);
    }

    expect(
      statuses,
      'Without a trusted proxy, X-Forwarded-For must be ignored (app.set("trust proxy", false)): the last attempt should be 429',
    ).toEqual([...Array.from({ length: PER_ADDRESS }, () => 401), 429]);
  });
});
