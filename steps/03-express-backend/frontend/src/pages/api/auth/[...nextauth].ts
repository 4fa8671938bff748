import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth-options';

// Every request under /api/auth/ (csrf, providers, callback, session, signout) lands here.
export default NextAuth(authOptions);
