import { describe, expect, test } from 'vitest';
import { get } from './support/helpers.ts';

describe('when the database is up', () => {
  test('then GET /api/health answers 200 {status: "ok", db: "up"}', async () => {
    const answer = await get('/api/health');
    expect(
      answer.status,
      `GET /api/health should answer 200 while the database is connected; it answered: ${answer.text}`,
    ).toBe(200);
    expect(answer.json, 'The health body should be {"status": "ok", "db": "up"}').toEqual({
      status: 'ok',
      db: 'up',
    });
  });
});
