// One small file of a step and chapter listings of it, for the tests of the listing rule and of
// following a chapter: both read a listing against a file the same way.
import type { Listing } from '../../lib/listings.ts';

/** backend/src/config.ts as a step holds it. */
export const configFile = `import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number(),
});

export function readConfig() {
  return schema.parse(process.env);
}
`;

/** A listing of backend/src/config.ts as readListings would give it, from a block body. */
export const listing = (body: string, language = 'ts'): Listing => ({
  line: 10,
  title: 'backend/src/config.ts',
  language,
  lines: body.split('\n').map((text, index) => ({ text, line: 11 + index })),
});
