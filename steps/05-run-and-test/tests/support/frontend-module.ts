// Loads a module of the frontend under test (the step's reference code, or your frontend/).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkEnv } from '../../../../scripts/checks/env.ts';

export async function importFrontendModule<T>(relativePath: string): Promise<T> {
  const file = join(checkEnv().frontendDir, relativePath);
  if (!existsSync(file))
    throw new Error(`frontend/${relativePath} is missing: the chapter creates it in this step.`);
  return (await import(pathToFileURL(file).href)) as T;
}
