// Counts failures per key (an email, a client address) in a fixed window that starts with the
// first failure. Used by src/middleware/login-throttle.ts. It lives in this process's memory:
// several instances of the API each count on their own (docs/security.md says what to do then).

/** Keys kept at most; past that, expired entries go first, then the oldest. */
const MAX_KEYS = 50_000;

interface Entry {
  count: number;
  resetAt: number;
}

export function failureCounter({ max, windowMs }: { max: number; windowMs: number }) {
  const entries = new Map<string, Entry>();

  function live(key: string, now: number): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.resetAt <= now) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function makeRoom(now: number): void {
    if (entries.size < MAX_KEYS) return;
    for (const [key, entry] of entries) if (entry.resetAt <= now) entries.delete(key);
    // Still full: forget the oldest, so a flood of new keys cannot grow memory without end.
    while (entries.size >= MAX_KEYS) entries.delete(entries.keys().next().value!);
  }

  return {
    /** Milliseconds until the key may try again; 0 when it may try now. */
    blockedFor(key: string, now = Date.now()): number {
      const entry = live(key, now);
      return entry && entry.count >= max ? entry.resetAt - now : 0;
    },
    add(key: string, now = Date.now()): void {
      const entry = live(key, now);
      if (entry) entry.count += 1;
      else {
        makeRoom(now);
        entries.set(key, { count: 1, resetAt: now + windowMs });
      }
    },
    /** Takes one failure back (the attempt turned out not to be one). */
    remove(key: string, now = Date.now()): void {
      const entry = live(key, now);
      if (entry && --entry.count <= 0) entries.delete(key);
    },
    clear(key: string): void {
      entries.delete(key);
    },
  };
}
