// The server-side guard: a signed-out request for a protected page gets a redirect to
// /login instead of the page. withAuth (src/components/with-auth.tsx) only runs in the
// browser, after the server has already sent the page.
import { withAuth } from 'next-auth/middleware';

// Next.js 16 calls this file proxy.ts (middleware.ts before). It does not read authOptions
// (it runs apart from the API route), so it is told the sign-in page again; without it, it
// would send people to NextAuth's built-in /api/auth/signin page.
export default withAuth({ pages: { signIn: '/login' } });

// /admin needs a signed-in user here too. Which role, the proxy does not decide: it would
// have to send a signed-in user who is not an admin to /login, where signing in again leads
// back here. getServerSideProps in src/pages/admin.tsx answers them with a 403 page instead.
export const config = { matcher: ['/profile', '/admin'] };
