// `npm run db`: starts a database the way the checks do and prints its URI, until Ctrl-C.
import { log, UserError } from '../lib/log.ts';
import { stopAllOnExit } from '../lib/processes.ts';
import { startDatabase } from './launch.ts';

stopAllOnExit();
startDatabase().then(
  (database) => {
    log.ok(`${database.engine}: ${database.uri}  (Ctrl-C stops it)`);
  },
  (error: unknown) => {
    if (error instanceof UserError) log.fail(error.message);
    else console.error(error);
    process.exit(1);
  },
);
