// Slows down password guessing: after too many wrong passwords for one email, or from one
// client address, within LOGIN_LOCKOUT_WINDOW, login answers 429 with Retry-After without even
// looking at the password. The original guide let anyone try forever.
import type { Config } from '../config.ts';
import { limitCounter } from './limit-counters.ts';

export type LoginThrottleSettings = Pick<
  Config,
  'LOGIN_MAX_FAILURES' | 'LOGIN_MAX_FAILURES_PER_IP' | 'LOGIN_LOCKOUT_WINDOW'
>;

/**
 * What the login does with an attempt that may go ahead, once it knows the outcome. A wrong
 * email or password needs nothing: the failure counted in advance stays.
 */
export interface LoginAttempt {
  locked: false;
  /** The right password: the email starts over from zero. */
  succeeded(): Promise<void>;
  /** The password could not be checked (the database failed): nothing happened. */
  undo(): Promise<void>;
}

export type LoginGate = LoginAttempt | { locked: true; retryAfterMs: number };

export function loginThrottle(settings: LoginThrottleSettings) {
  const windowMs = settings.LOGIN_LOCKOUT_WINDOW;
  const perEmail = limitCounter({
    name: 'login-email',
    max: settings.LOGIN_MAX_FAILURES,
    windowMs,
  });
  const perAddress = limitCounter({
    name: 'login-address',
    max: settings.LOGIN_MAX_FAILURES_PER_IP,
    windowMs,
  });

  /**
   * Counts the attempt as a failure before the password is checked, so that a burst of parallel
   * guesses cannot all slip through while bcrypt is busy. The outcome of the check settles it,
   * not the answer reaching the client: a client that gives up waiting (NextAuth does after
   * 5 s) does not turn a right password into a failure.
   * `address` is undefined for a request that names no client (src/lib/client-address.ts).
   */
  async function begin(email: string, address: string | undefined): Promise<LoginGate> {
    const now = new Date();
    const [byEmail, byAddress] = await Promise.all([
      perEmail.add(email, now),
      address ? perAddress.add(address, now) : undefined,
    ]);
    const undo = async () => {
      await Promise.all([
        byEmail.allowed ? perEmail.remove(byEmail.slotId) : undefined,
        byAddress?.allowed ? perAddress.remove(byAddress.slotId) : undefined,
      ]);
    };

    const refusals = [byEmail, byAddress].filter((counted) => counted && !counted.allowed);
    if (refusals.length > 0) {
      await undo();
      const retryAt = Math.max(
        ...refusals.map((counted) => (counted && !counted.allowed ? counted.retryAt.getTime() : 0)),
      );
      return { locked: true, retryAfterMs: retryAt - now.getTime() };
    }
    return {
      locked: false,
      succeeded: async () => {
        await Promise.all([
          perEmail.clear(email),
          byAddress?.allowed ? perAddress.remove(byAddress.slotId) : undefined,
        ]);
      },
      undo,
    };
  }

  return { begin };
}
