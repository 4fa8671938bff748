// `npm run openapi` (maintainers): writes docs/openapi.json, the description of the finished
// API, from the newest step's backend (src/docs/api-description.ts). The tooling test
// openapi.test.ts fails while the file and the code disagree.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acrossStepsRoot, runCommand } from './lib/cli.ts';
import { log } from './lib/log.ts';
import { openApiFile, openApiText } from './lib/openapi.ts';
import { listSteps, newestStep } from './lib/steps.ts';

async function main(): Promise<number> {
  const root = acrossStepsRoot('openapi', []);
  const step = newestStep(listSteps(join(root, 'steps')));
  writeFileSync(join(root, openApiFile), await openApiText(step));
  log.ok(`wrote ${openApiFile} from steps/${step.folder}/backend`);
  return 0;
}

runCommand(main);
