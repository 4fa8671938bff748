// Access tokens that already passed verification, remembered until they expire. A browser
// sends the same token with every request for the token's whole life, and checking its
// signature again each time was the largest cost requireAuth added to a request
// (docs/performance.md). Only a token that jsonwebtoken accepted is stored, under its exact
// text, so a forged or altered token is never found here; expiry is checked on every use.

/** Enough for every token of a busy server's last 15 minutes, and still only a few MB. */
const MAX_TOKENS = 10_000;

export class VerifiedTokens {
  /** token -> the user id and `exp` (seconds) it was verified with. Insertion order is age. */
  private readonly tokens = new Map<string, { userId: string; exp: number }>();

  constructor(private readonly maxTokens = MAX_TOKENS) {}

  /** The user id of a token verified before and not yet expired, else undefined. */
  userIdOf(token: string): string | undefined {
    const known = this.tokens.get(token);
    if (!known) return undefined;
    // The same rule as jsonwebtoken: expired from the second `exp` on.
    if (Math.floor(Date.now() / 1000) >= known.exp) {
      this.tokens.delete(token);
      return undefined;
    }
    return known.userId;
  }

  remember(token: string, userId: string, exp: number): void {
    // Full: forget the oldest. Another token costs one more verification, nothing else.
    if (this.tokens.size >= this.maxTokens) this.tokens.delete(this.tokens.keys().next().value!);
    this.tokens.set(token, { userId, exp });
  }

  get size(): number {
    return this.tokens.size;
  }
}
