// The browser's way to the Express API: a request to /api/backend/<path> on this site is sent
// on to BACKEND_URL/api/<path>, and the answer comes back. BACKEND_URL is read when the
// server starts, not when it is built, so one build runs against any backend address; the
// browser talks to one origin only (no CORS; connect-src 'self' in next.config.mjs); and the
// API does not have to be reachable from the internet at all.
import type { NextApiRequest, NextApiResponse } from 'next';
import { serverConfig } from '@/lib/config.server';
import { forwardedFor } from '@/lib/forwarded-for.server';

// The body is passed on as it came: the backend validates it.
export const config = { api: { bodyParser: false } };

/** What the browser's request may carry on. Never its cookies: the session stays here. */
const REQUEST_HEADERS = ['accept', 'authorization', 'content-type'];
/** What the answer may carry back. Never a Set-Cookie: the browser holds no API cookie. */
const RESPONSE_HEADERS = ['content-type', 'cache-control', 'retry-after', 'www-authenticate'];
/** The backend refuses bodies over 10 kB; more than this is not worth forwarding. */
const MAX_BODY_BYTES = 16 * 1024;

async function readBody(req: NextApiRequest): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export default async function backendProxy(req: NextApiRequest, res: NextApiResponse) {
  const segments = [req.query.path ?? []].flat();
  // "..", or a slash inside one segment (%2F), could climb out of /api on the backend.
  if (
    segments.some((segment) => segment === '.' || segment.includes('..') || /[/\\]/.test(segment))
  ) {
    res.status(400).json({ message: 'Bad path' });
    return;
  }
  const body = await readBody(req);
  if (!body) {
    res.status(413).json({ message: 'The request body is too large' });
    return;
  }
  // req.url is a path with its query; any base will do to read the query.
  const query = new URL(req.url ?? '/', 'http://frontend').search;
  const target = `${serverConfig().BACKEND_URL}/api/${segments.map(encodeURIComponent).join('/')}${query}`;
  const headers = new Headers();
  for (const name of REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  // The browser's address, as a proxy passes it on: the backend's per-address limits need it.
  headers.set('x-forwarded-for', forwardedFor(req));

  let answer: Response;
  try {
    answer = await fetch(target, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
      redirect: 'manual',
      // The backend answers 503 within seconds when its database is away: 10 s is a dead backend.
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    res.status(502).json({ message: 'The API cannot be reached right now' });
    return;
  }
  res.status(answer.status);
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value) res.setHeader(name, value);
  }
  res.send(Buffer.from(await answer.arrayBuffer()));
}
