// A stand-in for the backend's POST /api/auth/login, used by the checks of step 2 only.
// The real Express backend arrives in step 3; until then this small node:http server answers
// the way the runtime contract says the backend will: 200 { token, user } for one known user,
// 401 for anything else, and 503 or no answer at all when a check asks for an outage.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

// A fixed port, because the frontend learns where the backend is before any check runs:
// the step runner passes tests/env.json (BACKEND_URL=http://127.0.0.1:4599) to `next start`.
export const STAND_IN_PORT = 4599;

export const knownUser = {
  id: 'user-ada',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  password: 'analytical-engine-1843',
};

export const standInToken = 'stand-in-access-token-for-ada';

/** How the stand-in behaves: like the contract, failing with 503, or holding every request unanswered. */
export type Mode = 'contract' | 'unavailable' | 'silent';

export interface StandInBackend {
  setMode(mode: Mode): void;
  /** The JSON bodies of the login requests received so far. */
  logins: unknown[];
  close(): Promise<void>;
}

export async function startStandInBackend(): Promise<StandInBackend> {
  let mode: Mode = 'contract';
  const logins: unknown[] = [];

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/api/auth/login')
      return send(res, 404, { message: 'Not found' });
    const body = await readJson(req);
    logins.push(body);
    if (mode === 'silent') return; // never answers: the frontend's timeout has to end the wait
    if (mode === 'unavailable') return send(res, 503, { message: 'Service unavailable' });
    if (!isObject(body) || typeof body.email !== 'string' || typeof body.password !== 'string') {
      return send(res, 400, { message: 'Email and password are required' });
    }
    if (body.email !== knownUser.email || body.password !== knownUser.password) {
      return send(res, 401, { message: 'Invalid email or password' });
    }
    const { password: _password, ...user } = knownUser;
    send(res, 200, { token: standInToken, user });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${STAND_IN_PORT} is taken; the stand-in backend of step 2 needs it. Stop what listens there and run the checks again.`,
            )
          : error,
      );
    });
    server.listen(STAND_IN_PORT, '127.0.0.1', () => resolve());
  });

  return {
    setMode: (next) => (mode = next),
    logins,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // also the requests held in 'silent' mode
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
