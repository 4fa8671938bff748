// The database connection. Mongoose reconnects by itself after an outage; these settings make
// requests fail fast meanwhile (so the API can answer 503) instead of waiting in a queue.
import mongoose from 'mongoose';

const CONNECTED = 1;
/** When the database last answered: a query (its connection goes back to the pool) or a heartbeat. */
let lastAnswerAt = 0;

export function isDatabaseUp(): boolean {
  return mongoose.connection.readyState === CONNECTED;
}

/** How long the database has said nothing, counted from `since` at the earliest. */
export function databaseSilentFor(since: number): number {
  return Date.now() - Math.max(lastAnswerAt, since);
}

export async function connectDatabase(uri: string): Promise<void> {
  const connection = mongoose.connection;
  connection.on('disconnected', () => console.warn('Database: disconnected; requests get 503 until it is back'));
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
  // A busy database keeps answering (each query a little later); a stalled one answers nothing.
  const answered = () => (lastAnswerAt = Date.now());
  connection.getClient().on('connectionCheckedIn', answered).on('serverHeartbeatSucceeded', answered);
  // Build the indexes (the unique email among them) before the first request can arrive.
  // The app's models are registered by now: server.ts imported them through app.ts.
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
}

export function disconnectDatabase(): Promise<void> {
  mongoose.connection.removeAllListeners('disconnected'); // we are leaving on purpose
  return mongoose.disconnect();
}
