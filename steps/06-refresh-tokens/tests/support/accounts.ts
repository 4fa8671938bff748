// Test users for this step's checks: each check makes its own, with an email no other run uses.
import { randomBytes } from 'node:crypto';

export interface Account {
  name: string;
  email: string;
  password: string;
}

/** A new account (not yet registered) whose email is unique to this run. */
export function newAccount(label = 'learner'): Account {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    name: `Ada ${label}`,
    email: `${label}-${id}@example.com`,
    password: `pw-${randomBytes(6).toString('hex')}`,
  };
}

/** Registers the account at the backend, the way Postman or curl would; throws unless it answers 201. */
export async function registerOverHttp(backendUrl: string, account: Account): Promise<void> {
  const response = await fetch(`${backendUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (response.status !== 201) {
    throw new Error(
      `Registering a test user at ${backendUrl}/api/auth/register answered ${response.status} (expected 201): ${await response.text()}`,
    );
  }
}
