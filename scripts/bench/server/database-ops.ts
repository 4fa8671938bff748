// Counts the database round trips the API makes, through mongoose's debug hook: it is called
// once for every collection operation mongoose sends (findOne, insertOne, deleteMany…), and
// each of those is one request to the server and one answer.
import mongoose from 'mongoose';

export interface DatabaseOps {
  /** Operations since the last reset, keyed "collection.method". */
  read(): Record<string, number>;
  reset(): void;
}

export function countDatabaseOps(): DatabaseOps {
  let counts: Record<string, number> = {};
  // One mongoose instance for the whole process: the backend's models live on it too.
  mongoose.set('debug', (collection: string, method: string) => {
    const key = `${collection}.${method}`;
    counts[key] = (counts[key] ?? 0) + 1;
  });
  return {
    read: () => ({ ...counts }),
    reset: () => {
      counts = {};
    },
  };
}
