import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLoggedError } from '../lib/backend-errors.ts';
import { scratchDir } from '../lib/paths.ts';

const log = (text: string) => {
  const file = join(scratchDir('backend-log'), 'backend.log');
  writeFileSync(file, text);
  return file;
};

describe('the first error in a backend log', () => {
  it('when the backend printed a stack, then the error line and its first frames are found', () => {
    const frames = Array.from(
      { length: 9 },
      (_, index) => `    at frame${index} (src/x.ts:${index}:1)`,
    );
    const file = log(
      [
        'API listening on http://localhost:4100 (test)',
        "TypeError: Cannot read properties of undefined (reading 'hash')",
        ...frames,
        'Error: a second one',
        '    at later (src/y.ts:1:1)',
      ].join('\n'),
    );
    const found = firstLoggedError(file)!;
    expect(found.split('\n')[0]).toBe(
      "TypeError: Cannot read properties of undefined (reading 'hash')",
    );
    expect(found).toContain('frame0 (src/x.ts:0:1)');
    expect(found.split('\n'), 'the error and six frames').toHaveLength(7);
    expect(found).not.toContain('a second one');
  });

  it('when the log holds no stack (or there is no log), then there is nothing to show', () => {
    expect(
      firstLoggedError(log('API listening on http://localhost:4100 (test)\n')),
    ).toBeUndefined();
    expect(firstLoggedError(join(scratchDir('no-log'), 'backend.log'))).toBeUndefined();
  });
});
