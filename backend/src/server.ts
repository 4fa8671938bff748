// Start-up: settings, database, HTTP. Shutdown: stop taking requests, finish the ones in
// flight, close the database, exit 0.
import { existsSync } from 'node:fs';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { connectDatabase, disconnectDatabase } from './db.ts';
import { startExpiry } from './services/expired-documents.ts';

// Variables already set (by your shell or the step runner) win over the file.
const envFile = new URL('../.env', import.meta.url);
if (existsSync(envFile)) process.loadEnvFile(envFile);

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  // A ConfigError lists every bad setting for the person starting the server; any other error
  // is a bug, and goes on to be shown with its stack.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

try {
  await connectDatabase(config.MONGODB_URI);
} catch (error) {
  console.error(
    `The backend cannot start: no database at MONGODB_URI (${(error as Error).message}).`,
  );
  console.error('Is the database running? Check MONGODB_URI in backend/.env.');
  process.exit(1);
}
const expiry = await startExpiry();

// Express 5 calls this function when listening fails too, with the error (EADDRINUSE when
// another program has the port): only without one is the API really listening.
const server = createApp(config).listen(config.PORT, (error?: Error) => {
  if (error) {
    console.error(`The backend cannot listen on PORT ${config.PORT}: ${error.message}`);
    process.exit(1);
  }
  console.log(`API listening on http://localhost:${config.PORT} (${config.NODE_ENV})`);
});

let stopping = false;
function shutdown(signal: NodeJS.Signals) {
  if (stopping) return; // a second Ctrl-C or SIGTERM must not cut the shutdown short
  stopping = true;
  console.log(`${signal}: finishing open requests, then stopping`);
  expiry.stop();
  server.close(async () => {
    await disconnectDatabase();
    process.exit(0);
  });
  // A keep-alive connection stays open after its answer: close each one as soon as it is idle.
  setInterval(() => server.closeIdleConnections(), 100).unref();
  setTimeout(() => {
    console.error('Requests did not finish within 10 s; stopping anyway');
    process.exit(1);
  }, 10_000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
