// The process `npm run bench` loads: the backend's configuration, database connection and
// app (see bench-app.ts), listening on loopback. Started by scripts/bench/phases/api.ts.
import { loadConfig } from '../../../steps/06-refresh-tokens/backend/src/config.ts';
import {
  connectDatabase,
  disconnectDatabase,
} from '../../../steps/06-refresh-tokens/backend/src/db.ts';
import { createBenchApp } from './bench-app.ts';
import { countDatabaseOps } from './database-ops.ts';

const config = loadConfig();
const ops = countDatabaseOps();
await connectDatabase(config.MONGODB_URI);
ops.reset(); // index builds at start-up are not part of any request

const server = createBenchApp(config, ops).listen(config.PORT, '127.0.0.1', () => {
  console.log(`bench API listening on http://127.0.0.1:${config.PORT}`);
});

process.on('SIGTERM', () => {
  server.close(() => void disconnectDatabase().finally(() => process.exit(0)));
  setTimeout(() => process.exit(0), 3_000).unref();
});
