// The database connection. Mongoose reconnects by itself after an outage; these settings make
// requests fail fast meanwhile (so the API can answer 503) instead of waiting in a queue.
import mongoose from 'mongoose';

const CONNECTED = 1;
/** Longer than this without an answer while queries wait, and the database counts as down. */
const SILENCE_ALLOWED_MS = 2_000;
/** Queries that wait for a connection or for their answer. */
let waiting = 0;
/** Since when the database has owed an answer: the last answer, or when the first query began waiting. */
let owedSince = 0;

/**
 * Up means connected, and not silent: a database that stalls (overloaded, paused, behind a
 * firewall that drops packets) keeps its connections open and never answers, and the driver
 * would wait for it for many seconds. A busy one answers queries a little later, but it answers.
 */
export function isDatabaseUp(): boolean {
  const silentForMs = waiting > 0 ? Date.now() - owedSince : 0;
  return mongoose.connection.readyState === CONNECTED && silentForMs < SILENCE_ALLOWED_MS;
}

export async function connectDatabase(uri: string): Promise<void> {
  const connection = mongoose.connection;
  connection.on('disconnected', () =>
    console.warn('Database: disconnected; requests get 503 until it is back'),
  );
  connection.on('reconnected', () => console.log('Database: reconnected'));
  // Without a listener, an 'error' event would crash the process.
  connection.on('error', (error: Error) => console.error(`Database: ${error.message}`));

  await mongoose.connect(uri, {
    // Fail a query at once while disconnected instead of holding it until the database returns.
    bufferCommands: false,
    // How long to look for a server before giving up (start-up, and each query during an outage).
    serverSelectionTimeoutMS: 5_000,
    // How often the driver checks the server, so an outage is noticed within seconds.
    heartbeatFrequencyMS: 2_000,
    // A server that accepts connections but stays silent is given up by the driver after this
    // (default 30 s), which ends the queries that still wait for it and frees their connections.
    connectTimeoutMS: 5_000,
  });
  // The driver's connection pool reports each query's start and end (a connection checked out,
  // then back in); a heartbeat answered also shows that the database is alive.
  connection
    .getClient()
    .on('connectionCheckOutStarted', () => {
      if (waiting++ === 0) owedSince = Date.now();
    })
    .on('connectionCheckOutFailed', () => (waiting = Math.max(0, waiting - 1)))
    .on('connectionCheckedIn', () => {
      waiting = Math.max(0, waiting - 1);
      owedSince = Date.now();
    })
    .on('serverHeartbeatSucceeded', () => (owedSince = Date.now()));
  // Build the indexes (the unique email among them) before the first request can arrive.
  // The app's models are registered by now: server.ts imported them through app.ts.
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
}

export function disconnectDatabase(): Promise<void> {
  mongoose.connection.removeAllListeners('disconnected'); // we are leaving on purpose
  return mongoose.disconnect();
}
