// Another program on a backend's port (another run's backend, say) that answers every request
// as a healthy backend would: the runner must not take it for the backend it started.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Stranger {
  port: number;
  /** `GET /api/health` and the like, one for each request it was sent. */
  requests: string[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 at port; 0 takes any free one. */
export async function startStranger(port = 0): Promise<Stranger> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', db: 'up' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
