// Run before every check file of this step (scripts/checks/vitest.config.ts loads a step's
// tests/support/vitest.setup.ts): each answer the API gives a check, through fetch, is held
// against docs/openapi.json, and a check whose answers break the description fails with them.
// So the description cannot drift from the code: every check is also a check of the contract.
import { afterEach } from 'vitest';
import { answerProblems } from './api-description.ts';

const frontendOrigin = process.env.FRONTEND_URL ? new URL(process.env.FRONTEND_URL).origin : '';
const pending: Promise<string[]>[] = [];
const send = globalThis.fetch;

globalThis.fetch = async (input, init) => {
  const response = await send(input, init);
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request?.url ?? String(input));
  // The frontend answers for itself (its /api/auth is NextAuth's, not the API's).
  if (url.origin !== frontendOrigin) {
    const method = init?.method ?? request?.method ?? 'GET';
    const { status, headers } = response;
    // A copy of the body, read beside the check's own reading; an aborted body is no answer.
    const read = response
      .clone()
      .text()
      .then((text) => answerProblems({ method, path: url.pathname, status, headers, text }))
      .catch(() => []);
    pending.push(read);
  }
  return response;
};

/** Bodies still streaming after the check ended (it stopped reading) get a second to finish. */
const settled = (reads: Promise<string[]>[]) =>
  Promise.race([
    Promise.all(reads),
    new Promise<string[][]>((resolve) => setTimeout(() => resolve([]), 1_000)),
  ]);

afterEach(async () => {
  const problems = (await settled(pending.splice(0))).flat();
  if (problems.length > 0) {
    throw new Error(
      `Answers that break the API description (docs/openapi.json, made from src/docs/api-description.ts):\n  ${problems.join('\n  ')}`,
    );
  }
});
