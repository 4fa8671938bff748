// Whose failed logins a request counts against. Requests from the website reach the API from
// the Next.js server, which passes the browser's address on in X-Forwarded-For; only a proxy
// that TRUST_PROXY names is believed (src/app.ts), anyone else could write any address there.
import type { Request } from 'express';

let warned = false;

/**
 * The client's address, or undefined when the request names no client: when every address on
 * its way is one that TRUST_PROXY trusts, req.ip is a proxy's (this API's own Next.js server,
 * say), shared by everyone behind it, and a limit on it would lock the whole site out.
 */
export function clientAddress(req: Request): string | undefined {
  const socketAddress = req.socket.remoteAddress;
  // Express's compiled form of the 'trust proxy' setting: (address, hop) => trusted, where hop
  // 0 is the socket and req.ips (when trusted) holds the hops after it.
  const trusted = req.app.get('trust proxy fn') as (
    address: string | undefined,
    hop: number,
  ) => boolean;
  if (trusted(req.ip, req.ips.length)) return undefined;
  if (!trusted(socketAddress, 0) && req.get('x-forwarded-for') && !warned) {
    warned = true;
    console.warn(
      `Login: a request from ${socketAddress} names a client in X-Forwarded-For, but TRUST_PROXY does not trust ${socketAddress}, ` +
        'so everyone behind it counts as one address. If it is your Next.js server or proxy, name it in TRUST_PROXY (docs/production.md).',
    );
  }
  return req.ip;
}
