// Broken requests get a short JSON answer: never an HTML page, never a stack trace.
import { describe, expect, test } from 'vitest';
import { env, leaksInternals, post } from './support/helpers.ts';

describe('when a request body is broken', () => {
  test('then malformed JSON answers 400 with a JSON message, no stack trace and no HTML', async () => {
    const answer = await post('/api/auth/login', '{"email": "a@b.c", ');

    expect(
      answer.status,
      "Malformed JSON is the client's mistake: answer 400 (handle the body parser's error in the error handler)",
    ).toBe(400);
    expect(answer.contentType, "The error should be JSON, not Express's default HTML page").toMatch(
      /^application\/json/,
    );
    expect(answer.json?.message, 'The JSON error needs a {message}').toEqual(expect.any(String));
    expect(
      leaksInternals(answer.text),
      `The answer must not show a stack trace or HTML: ${answer.text.slice(0, 200)}`,
    ).toBe(false);
  });

  test('then a 20 kB body answers 413 with a JSON message (express.json has a 10kb limit)', async () => {
    const answer = await post('/api/auth/register', {
      name: 'x'.repeat(20_000),
      email: 'big@example.com',
      password: 'a sound password',
    });

    expect(
      answer.status,
      'A body over the limit should answer 413 Payload Too Large: express.json({ limit: "10kb" })',
    ).toBe(413);
    expect(answer.contentType, 'The 413 should be JSON, not HTML').toMatch(/^application\/json/);
    expect(answer.json?.message, 'The JSON error needs a {message}').toEqual(expect.any(String));
    expect(
      leaksInternals(answer.text),
      `The answer must not show a stack trace or HTML: ${answer.text.slice(0, 200)}`,
    ).toBe(false);
  });

  test.each([
    ['charset=iso-8859-1', 415, { 'content-type': 'application/json; charset=iso-8859-1' }, '{}'],
    [
      'Content-Encoding: compress',
      415,
      { 'content-type': 'application/json', 'content-encoding': 'compress' },
      '{}',
    ],
    [
      'Content-Encoding: gzip on a body that is not gzip',
      400,
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      'not gzip',
    ],
  ] as const)(
    'then a body sent with %s answers %i JSON, not 500',
    async (what, expected, headers, body) => {
      const response = await fetch(`${env.backendUrl}/api/auth/login`, {
        method: 'POST',
        headers,
        body,
      });
      const text = await response.text();

      expect(
        response.status,
        `A body express.json() cannot read (${what}) is the client's mistake: answer ${expected}. In the error handler, map the parser's error by its \`type\` (charset.unsupported, encoding.unsupported) or its status 400: ${text.slice(0, 200)}`,
      ).toBe(expected);
      expect(response.headers.get('content-type'), 'The error should be JSON, not HTML').toMatch(
        /^application\/json/,
      );
      expect(
        leaksInternals(text),
        `The answer must not show a stack trace or HTML: ${text.slice(0, 200)}`,
      ).toBe(false);
    },
  );

  test('then an unknown route answers 404 JSON, not an HTML page', async () => {
    const answer = await post('/api/auth/nothing-here', {});
    expect(answer.status, 'An unknown route should answer 404').toBe(404);
    expect(answer.contentType, "The 404 should be JSON, not Express's default HTML page").toMatch(
      /^application\/json/,
    );
  });
});
