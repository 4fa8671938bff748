// The browser's address, passed on to the backend the way a proxy does it. The backend counts
// failed logins per client address; without this, every sign-in through the website would
// come from this server's one address, and 100 wrong passwords would lock everyone out.
import type { IncomingMessage } from 'node:http';

/**
 * X-Forwarded-For for a request that this server makes on behalf of `req`: whatever proxies
 * in front of us wrote, then the address the request came from, last. The backend reads the
 * list from the end and believes an entry only while TRUST_PROXY trusts the one after it, so
 * an address a browser writes into the header itself is never taken for its own.
 * (Next.js fills the header with the socket's address only when it is missing, so it cannot
 * tell a browser's claim from a proxy's: this function can, it sees the socket.)
 */
export function forwardedFor(req: IncomingMessage): string {
  const before = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(before) ? before.join(',') : (before ?? ''))
    .split(',')
    .map((entry) => entry.trim());
  return [...chain, req.socket.remoteAddress ?? 'unknown'].filter(Boolean).join(', ');
}
