// The database connection. Mongoose reconnects by itself after an outage; these settings make
// requests fail fast meanwhile (so the API can answer 503) instead of waiting in a queue.
import mongoose from 'mongoose';

const CONNECTED = 1;

export function isDatabaseUp(): boolean {
  return mongoose.connection.readyState === CONNECTED;
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
  });
  // Build the indexes (the unique email among them) before the first request can arrive.
  // The app's models are registered by now: server.ts imported them through app.ts.
  await Promise.all(mongoose.modelNames().map((name) => mongoose.model(name).init()));
}

export function disconnectDatabase(): Promise<void> {
  mongoose.connection.removeAllListeners('disconnected'); // we are leaving on purpose
  return mongoose.disconnect();
}
