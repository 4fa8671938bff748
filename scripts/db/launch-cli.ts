// `npm run db [-- --port 27017]`: starts a database the way the checks do and prints the
// MONGODB_URI to paste into backend/.env, until Ctrl-C. Its data goes when it stops.
import { parseCommandLine, runCommand } from '../lib/cli.ts';
import { colour, log, UserError } from '../lib/log.ts';
import { isPortTaken } from '../lib/ports.ts';
import { stopAllOnExit } from '../lib/processes.ts';
import { startDatabase } from './launch.ts';

const usage = `Usage: npm run db [-- --port <port>]
  Starts a database for running the apps by hand and prints its MONGODB_URI.
  --port <port>  listen on this port (e.g. 27017, so backend/.env stays the same from run to
                 run); by default any free port`;

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UserError(`--port ${text} is not a port: use a whole number from 1 to 65535.`, 2);
  }
  return port;
}

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    { port: { type: 'string' } },
    usage,
  );
  if (positionals.length > 0) throw new UserError(`Unexpected "${positionals[0]}".\n\n${usage}`, 2);
  const port = parsePort(values.port);
  if (port !== undefined && (await isPortTaken(port))) {
    throw new UserError(
      `Port ${port} is taken (a MongoDB of your own, or another \`npm run db\`?). If it is a MongoDB, use it: MONGODB_URI=mongodb://127.0.0.1:${port}/workshop. Otherwise stop it, or pick another port.`,
    );
  }
  stopAllOnExit();
  const database = await startDatabase(process.env, { port });
  log.ok(`${database.engine} is running. Put this line in backend/.env:`);
  console.log(`\n  MONGODB_URI=${database.uri}workshop\n`);
  console.log(colour.dim('  Ctrl-C stops it, and its data goes with it.'));
  // Runs until Ctrl-C: the database process keeps the event loop alive.
  return new Promise<number>(() => {});
}

runCommand(main);
