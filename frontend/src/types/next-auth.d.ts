// Teaches TypeScript what this app keeps in NextAuth's objects. Without it, `session.accessToken`
// is a compile error and `token.user` is `unknown`.
import type { DefaultSession } from 'next-auth';

/** The signed-in person, as the backend describes them. */
interface AppUser {
  /** The backend's user id. */
  id: string;
  name: string;
  email: string;
  /** What the backend said at sign-in. A hint for what pages show; the backend decides again. */
  role: 'user' | 'admin';
}

declare module 'next-auth' {
  /** What useSession(), getServerSession() and GET /api/auth/session return: readable by the page. */
  interface Session extends DefaultSession {
    user: AppUser;
    /** Send it to the backend as `Authorization: Bearer <accessToken>`. Gone once `error` is set. */
    accessToken?: string;
    /** When the access token expires, in milliseconds since 1970. */
    accessTokenExpires?: number;
    /** "RefreshAccessTokenError" when the sign-in could not be renewed: sign the user out. */
    error?: string;
  }

  /** What authorize() returns after the backend accepted the credentials. */
  interface User {
    name: string;
    email: string;
    role: 'user' | 'admin';
    accessToken: string;
    accessTokenExpires: number;
    /** From the backend's Set-Cookie; copied into the JWT, never into the session. */
    refreshToken: string;
  }
}

declare module 'next-auth/jwt' {
  /** The contents of the encrypted session cookie: only the Next.js server can read them. */
  interface JWT {
    user?: AppUser;
    accessToken?: string;
    accessTokenExpires?: number;
    refreshToken?: string;
    error?: string;
  }
}
