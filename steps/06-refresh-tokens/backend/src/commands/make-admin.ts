// `npm run make-admin -- <email>`: gives an existing account the admin role. The first admin
// cannot be made through the API (only an admin may change roles), so it is made here, by
// someone who holds the server's settings and can reach its database.
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config.ts';
import { connectDatabase, disconnectDatabase } from '../db.ts';
import { User } from '../models/user.model.ts';

// The same settings as the server: the environment, then backend/.env.
const envFile = new URL('../../.env', import.meta.url);
if (existsSync(envFile)) process.loadEnvFile(envFile);

const email = process.argv[2]?.trim().toLowerCase();
if (!email) {
  console.error('Name the account: npm run make-admin -- someone@example.com');
  process.exit(2);
}

let uri: string;
try {
  uri = loadConfig().MONGODB_URI;
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

await connectDatabase(uri);
const { matchedCount } = await User.updateOne({ email }, { role: 'admin' });
await disconnectDatabase();
if (matchedCount === 0) {
  console.error(`No account with the email ${email}: register it first, then run this again.`);
  process.exit(1);
}
console.log(`${email} is an admin now, from its next request to /api/admin on.`);
