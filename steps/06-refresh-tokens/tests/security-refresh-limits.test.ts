// Attack run, finding 7 and the refresh rate: the reuse leeway lets a second request that was
// already on its way with a just-rotated token have a token of its own, once. Without a bound,
// one rotated token could be exchanged any number of times within the leeway, each exchange a
// live branch of the sign-in that reuse detection never sees. And one sign-in may refresh at
// most REFRESH_MAX_PER_MINUTE times a minute (tests/env.json: 40, above what the browser
// checks need with 5-second access tokens). (ASVS V3.5.2, V2.2.1)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { refresh, signedInUser } from './support/backend.ts';
import { openRefreshTokens } from './support/database.ts';
import { settings } from './support/settings.ts';

const maxPerMinute = settings.refreshMaxPerMinute;
let db: Awaited<ReturnType<typeof openRefreshTokens>>;

beforeAll(async () => {
  db = await openRefreshTokens();
});

afterAll(async () => {
  await db?.close();
});

describe('when one rotated token is shown three times within the reuse leeway', () => {
  test('then the second use gets a token of its own, the third is reuse and ends the sign-in', async () => {
    const { refreshToken, userId } = await signedInUser('leeway-bound');
    const first = await refresh(refreshToken);
    const second = await refresh(refreshToken);
    const third = await refresh(refreshToken);

    expect(first.status, `The first refresh should work: ${first.text}`).toBe(200);
    expect(
      second.status,
      `Within the leeway, a second request with the same token gets a token of its own: ${second.text}`,
    ).toBe(200);
    expect(
      third.status,
      'A third exchange of one rotated token within the leeway must be refused: each one would be a branch of the sign-in ' +
        'that reuse detection never sees (src/services/refresh-tokens.ts, leewayUsedAt)',
    ).toBe(401);
    const rows = await db.ofUser(userId);
    expect(
      rows.filter((row) => row.revokedAt === null),
      'After that, the whole family is revoked: no token of it works',
    ).toEqual([]);
    expect((await refresh(first.cookie!.value)).status, 'The first branch is ended too').toBe(401);
  });
});

describe('when one sign-in refreshes in a loop', () => {
  test('then past REFRESH_MAX_PER_MINUTE it gets 429 with Retry-After, and its token is not cleared', async () => {
    expect(
      maxPerMinute,
      'tests/env.json should set REFRESH_MAX_PER_MINUTE for the backend',
    ).toBeGreaterThan(0);
    let { refreshToken: token } = await signedInUser('refresh-rate');
    for (let round = 1; round <= maxPerMinute; round += 1) {
      const answer = await refresh(token);
      expect(
        answer.status,
        `Refresh ${round} of ${maxPerMinute} within a minute should work: ${answer.text}`,
      ).toBe(200);
      token = answer.cookie!.value;
    }

    const tooMany = await refresh(token);
    expect(
      tooMany.status,
      `Refresh ${maxPerMinute + 1} within one minute should get 429 (REFRESH_MAX_PER_MINUTE, src/services/refresh-tokens.ts)`,
    ).toBe(429);
    const retryAfter = Number(tooMany.headers.get('retry-after'));
    expect(retryAfter, 'The 429 should say in Retry-After when to try again').toBeGreaterThan(0);
    expect(retryAfter, 'No longer than the minute the limit counts').toBeLessThanOrEqual(60);
    expect(
      tooMany.cookie,
      'A 429 must not clear (or set) the refresh cookie: the token is still good',
    ).toBeUndefined();
  });
});
