// The machine the figures come from: they mean little without it.
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import mongoose from 'mongoose';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  database: string;
  /** 1-minute load average when the bench started and ended (0 on Windows). */
  load: { start: number; end?: number };
}

/** Engine and version, from buildInfo (FerretDB adds its own field there). */
async function databaseVersion(engine: string): Promise<string> {
  try {
    const info = (await mongoose.connection.db!.admin().command({ buildInfo: 1 })) as { version?: string; ferretdb?: { version?: string } };
    if (info.ferretdb) return `FerretDB ${info.ferretdb.version ?? ''} (SQLite), MongoDB wire version ${info.version ?? '?'}`.trim();
    return `MongoDB ${info.version ?? '?'} (${engine})`;
  } catch {
    return engine;
  }
}

export async function describeMachine(engine: string): Promise<Machine> {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${platform()} ${release()}`,
    database: await databaseVersion(engine),
    load: { start: loadavg()[0]! },
  };
}
