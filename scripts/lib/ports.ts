// Free ports for the services a run starts, so two runs never collide.
import { createServer } from 'node:net';

interface HeldPort {
  port: number;
  release(): Promise<void>;
}

/** Listens on a port the OS picks on loopback, and keeps it until release(). */
function holdFreePort(): Promise<HeldPort> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const release = () => new Promise<void>((done) => server.close(() => done()));
      if (address && typeof address === 'object') resolve({ port: address.port, release });
      else void release().then(() => reject(new Error('Could not read the free port back')));
    });
  });
}

/** Asks the OS for a free port on loopback (listen on 0, read it back, close). */
export async function freePort(): Promise<number> {
  const held = await holdFreePort();
  await held.release();
  return held.port;
}

/**
 * Two free ports, never the same: each stays taken until both are known. Asked one after the
 * other, freePort() can hand out the port it has just released a second time.
 */
export async function twoFreePorts(): Promise<[number, number]> {
  const [first, second] = await Promise.all([holdFreePort(), holdFreePort()]);
  await Promise.all([first.release(), second.release()]);
  return [first.port, second.port];
}

/** True when something on this machine already listens on the port. */
export function isPortTaken(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/** The ports `npm run dev` puts the apps on: FRONTEND_PORT and BACKEND_PORT, else 3000 and 4000. */
export function devPorts(env: Partial<NodeJS.ProcessEnv> = process.env) {
  return { frontend: Number(env.FRONTEND_PORT || 3000), backend: Number(env.BACKEND_PORT || 4000) };
}
