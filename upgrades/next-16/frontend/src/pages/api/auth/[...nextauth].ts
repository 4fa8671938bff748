import type { NextApiRequest, NextApiResponse } from 'next';
import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth-options';
import { forwardedFor } from '@/lib/forwarded-for.server';

// Every request under /api/auth/ (csrf, providers, callback, session, signout) lands here.
export default function auth(req: NextApiRequest, res: NextApiResponse) {
  // NextAuth hands authorize() the request's headers but not its socket: put the browser's
  // address where authorize() finds it, for the backend's per-address login limit.
  req.headers['x-forwarded-for'] = forwardedFor(req);
  return NextAuth(req, res, authOptions);
}
