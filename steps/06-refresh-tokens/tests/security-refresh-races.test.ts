// Attack run, finding 2: a refresh still in flight must not outlive the end of its sign-in.
// Rotation claims the old token, then stores its successor; a logout or a reuse revocation
// that runs between the two would miss the successor, which then lived for the family's full
// lifetime. Each race is run many times: one lost race is a failure. (ASVS V3.3.1, V3.5.2)
// red-green: exempt, because it attacks the whole finished system, not this step's change
import { describe, expect, test } from 'vitest';
import { login, logout, refresh, signedInUser } from './support/backend.ts';
import { settings, sleep } from './support/settings.ts';

const TRIES = 15;

describe('when a logout and a refresh of the same sign-in run at the same moment', () => {
  test('then whatever the refresh handed out is refused afterwards (15 tries)', async () => {
    const survived: number[] = [];
    for (let round = 1; round <= TRIES; round += 1) {
      const { refreshToken } = await signedInUser(`race-logout-${round}`);
      const [rotated] = await Promise.all([refresh(refreshToken), logout(refreshToken)]);
      if (rotated.status !== 200 || !rotated.cookie?.value) continue; // the logout came first: nothing was handed out

      const after = await refresh(rotated.cookie.value);
      if (after.status !== 401) survived.push(round);
    }
    expect(
      survived,
      'A token minted by a refresh that raced a logout still worked afterwards: the logout missed it. ' +
        'In src/services/refresh-tokens.ts, revoke the family record first and check it after storing a new token',
    ).toEqual([]);
  });
});

describe('when a thief keeps rotating a stolen token while the owner shows an old one (reuse)', () => {
  test("then the reuse ends the thief's branch too (5 tries)", async () => {
    const survived: number[] = [];
    for (let round = 1; round <= TRIES / 3; round += 1) {
      const { refreshToken: old } = await signedInUser(`race-reuse-${round}`);
      const first = await refresh(old);
      let stolen = first.cookie?.value;
      expect(first.status, `The first refresh should work: ${first.text}`).toBe(200);
      await sleep(settings.reuseLeewayMs + 200); // `old` is now past the leeway: showing it is reuse

      // The thief rotates in a loop while the owner's old token arrives in the middle.
      const thief = (async () => {
        for (let hop = 0; hop < 6 && stolen; hop += 1) {
          const answer = await refresh(stolen);
          if (answer.status !== 200) break;
          stolen = answer.cookie?.value;
        }
      })();
      await sleep(15);
      const reuse = await refresh(old);
      await thief;
      expect(reuse.status, 'The old token after the leeway is reuse: 401').toBe(401);

      const after = stolen ? await refresh(stolen) : { status: 401 };
      if (after.status !== 401) survived.push(round);
    }
    expect(
      survived,
      "The thief's newest token still worked after the reuse had ended the sign-in (src/services/refresh-tokens.ts)",
    ).toEqual([]);
  });
});

describe('when ten refreshes with one token arrive at the same moment', () => {
  test('then exactly two get a token (the rotation and the one leeway exchange); the rest are reuse', async () => {
    const { refreshToken } = await signedInUser('race-burst');
    const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(refreshToken)));
    const statuses = answers.map((answer) => answer.status);

    expect(
      statuses.filter((status) => status === 200).length,
      `One token must be claimed once, plus the one leeway exchange; got ${statuses.join(', ')}. A conditional update is not ` +
        'atomic on every engine (FerretDB v1 reads, changes and writes back): claim with an insert into a unique slot (src/services/refresh-tokens.ts)',
    ).toBe(2);
  });
});

describe('when the sign-in has ended', () => {
  test('then a new sign-in of the same user works as usual', async () => {
    const { account, refreshToken } = await signedInUser('race-after');
    await logout(refreshToken);
    const again = await login(account);
    expect(again.status, `Signing in again after a logout should work: ${again.text}`).toBe(200);
  });
});
