// Teaches TypeScript what this app keeps in NextAuth's objects. Without it, `session.accessToken`
// is a compile error and `token.user` is `unknown`.
import type { DefaultSession } from 'next-auth';

/** The signed-in person, as the backend describes them. */
interface AppUser {
  /** The backend's user id. */
  id: string;
  name: string;
  email: string;
}

declare module 'next-auth' {
  /** What useSession(), getServerSession() and GET /api/auth/session return. */
  interface Session extends DefaultSession {
    user: AppUser;
    /** Send it to the backend as `Authorization: Bearer <accessToken>`. */
    accessToken: string;
  }

  /** What authorize() returns after the backend accepted the credentials. */
  interface User {
    name: string;
    email: string;
    /** The backend's token for this user, copied into the JWT by the jwt callback. */
    accessToken: string;
  }
}

declare module 'next-auth/jwt' {
  /** The contents of the encrypted session cookie. Both fields are set on sign-in. */
  interface JWT {
    user?: AppUser;
    accessToken?: string;
  }
}
