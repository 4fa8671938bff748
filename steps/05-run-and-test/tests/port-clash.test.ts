// When another program already has the backend's port, the backend must say so and stop, and
// never claim to be listening: Express 5 calls the listen callback for a failed listen too.
// A log that says "API listening" right before EADDRINUSE sends people (and tools that wait
// for that line) to check a server that is not ours. The check holds the port itself and
// starts the backend of the code under test on it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { startProcess } from '../../../scripts/lib/processes.ts';
import { backendSettings } from './support/backend-config.ts';

const env = checkEnv();
let holder: Server;
let port: number;

beforeAll(async () => {
  // Another program on the port, answering like a healthy API would.
  holder = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'),
  );
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => holder?.close(resolve));
});

describe('when the backend starts on a port that another program already listens on', () => {
  test('then it exits with code 1, names the port and the reason, and never prints that it is listening', async () => {
    expect(env.backendDir, 'BACKEND_DIR is not set: this step needs a backend/ folder').not.toBe(
      '',
    );
    const lines: string[] = [];
    const backend = startProcess(
      'port-clash-backend',
      process.execPath,
      ['--import', 'tsx', 'src/server.ts'],
      {
        cwd: env.backendDir,
        env: backendSettings({ PORT: String(port) }, process.env),
        onLine: (line) => lines.push(line),
      },
    );
    const code = await Promise.race([
      backend.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000)),
    ]);
    await backend.stop();
    const output = lines.join('\n');

    expect(
      code,
      `The backend should stop with exit code 1 when its port is taken; its output:\n${output}`,
    ).toBe(1);
    expect(output, 'It should say which port it cannot listen on (src/server.ts)').toMatch(
      new RegExp(`PORT ${port}`),
    );
    expect(output, 'It should give the reason (EADDRINUSE)').toMatch(/EADDRINUSE/);
    expect(
      lines.filter((line) => /listening/i.test(line) && !/cannot listen/i.test(line)),
      'It printed that it is listening although it is not: Express 5 calls the listen callback with the error; ' +
        'in src/server.ts, handle `error` there and print "API listening" only without one',
    ).toEqual([]);
  });
});
