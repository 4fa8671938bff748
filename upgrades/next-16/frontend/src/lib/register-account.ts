// Creates an account at the backend, from the browser (used by src/pages/register.tsx), through
// this site's own /api/backend (src/pages/api/backend/[...path].ts).

export interface NewAccount {
  name: string;
  email: string;
  password: string;
}

/** The backend's 400 answer: one list of messages per field that failed. */
export type FieldErrors = Partial<Record<keyof NewAccount, string[]>>;

export type RegisterOutcome =
  | { kind: 'created' }
  | { kind: 'invalid'; message: string; fieldErrors: FieldErrors }
  | { kind: 'email-taken' }
  | { kind: 'unavailable' };

export async function registerAccount(account: NewAccount): Promise<RegisterOutcome> {
  let response: Response;
  try {
    response = await fetch('/api/backend/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
  } catch {
    // The browser could not reach this site's server at all.
    return { kind: 'unavailable' };
  }

  if (response.status === 201) return { kind: 'created' };
  if (response.status === 409) return { kind: 'email-taken' };
  if (response.status === 400) {
    const body = (await response.json().catch(() => ({}))) as {
      message?: string;
      errors?: FieldErrors;
    };
    return {
      kind: 'invalid',
      message: body.message ?? 'Some fields are missing or invalid',
      fieldErrors: body.errors ?? {},
    };
  }
  return { kind: 'unavailable' };
}
