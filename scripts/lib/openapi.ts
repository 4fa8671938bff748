// The API description in docs/openapi.json, as the newest step's backend makes it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Step } from './steps.ts';

export const openApiFile = 'docs/openapi.json';

/** The description the step's backend serves at /api/docs/openapi.json, as the file holds it. */
export async function openApiText(step: Step): Promise<string> {
  const module = join(step.dir, 'backend', 'src', 'docs', 'api-description.ts');
  const { apiDescription } = (await import(pathToFileURL(module).href)) as {
    apiDescription: () => unknown;
  };
  return `${JSON.stringify(apiDescription(), null, 2)}\n`;
}
