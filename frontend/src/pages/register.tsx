// /register: creates an account at the backend, then sends the user to /login.
// It replaces the original guide's "register with Postman" step.
import Head from 'next/head';
import Link from 'next/link';
import { useRouter } from 'next/router';
import { useState, type FormEvent } from 'react';
import ErrorSummary from '@/components/error-summary';
import { registerAccount, type FieldErrors, type NewAccount } from '@/lib/register-account';

const EMAIL_TAKEN_MESSAGE = 'An account with this email already exists.';
const UNAVAILABLE_MESSAGE = 'The registration service is unavailable. Try again in a moment.';
const MISSING_MESSAGE = 'Fill in the empty fields.';

const fields = [
  { name: 'name', label: 'Name', type: 'text', autoComplete: 'name', missing: 'Enter your name' },
  {
    name: 'email',
    label: 'Email',
    type: 'email',
    autoComplete: 'email',
    missing: 'Enter your email address',
  },
  {
    name: 'password',
    label: 'Password',
    type: 'password',
    autoComplete: 'new-password',
    missing: 'Choose a password',
    hint: 'At least 8 characters.',
  },
] as const;

export default function RegisterPage() {
  const router = useRouter();
  const [account, setAccount] = useState<NewAccount>({ name: '', email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    // An empty field needs no trip to the backend, and "Enter your email" says what to do
    // where the backend's rule ("must be a valid email address") would not.
    const missing = fields.filter((field) => account[field.name].trim() === '');
    if (missing.length > 0) {
      setFieldErrors(Object.fromEntries(missing.map((field) => [field.name, [field.missing]])));
      setError(MISSING_MESSAGE);
      return;
    }
    setSubmitting(true);
    setFieldErrors({});
    const outcome = await registerAccount(account);
    if (outcome.kind === 'created') {
      await router.push({ pathname: '/login', query: { registered: '1' } });
      return;
    }
    if (outcome.kind === 'invalid') {
      // Each message goes under its field; the summary at the top is what a screen reader announces.
      setFieldErrors(outcome.fieldErrors);
      setError(outcome.message);
    }
    if (outcome.kind === 'email-taken') setError(EMAIL_TAKEN_MESSAGE);
    if (outcome.kind === 'unavailable') setError(UNAVAILABLE_MESSAGE);
    setSubmitting(false);
  }

  return (
    <main className="page narrow">
      <Head>
        <title>Create an account</title>
      </Head>
      <h1>Create an account</h1>
      {/* noValidate: the backend's rules are the ones that count; only empty fields are caught here. */}
      <form onSubmit={handleSubmit} noValidate>
        {fields.map((field) => {
          const messages = fieldErrors[field.name];
          const hintId = `${field.name}-hint`;
          const errorId = `${field.name}-error`;
          // The error replaces the hint: both would say the same rule twice.
          const showHint = 'hint' in field && !messages;
          const describedBy = messages ? errorId : showHint ? hintId : undefined;
          return (
            <div className="field" key={field.name}>
              <label htmlFor={field.name}>{field.label}</label>
              <input
                id={field.name}
                name={field.name}
                type={field.type}
                autoComplete={field.autoComplete}
                value={account[field.name]}
                onChange={(event) => {
                  setAccount({ ...account, [field.name]: event.target.value });
                  // The old message goes as soon as the field is being fixed.
                  if (messages) setFieldErrors({ ...fieldErrors, [field.name]: undefined });
                }}
                aria-invalid={messages ? true : undefined}
                aria-describedby={describedBy}
              />
              {showHint && (
                <span id={hintId} className="hint">
                  {field.hint}
                </span>
              )}
              {messages && (
                <span id={errorId} className="field-error">
                  {messages.join(' ')}
                </span>
              )}
            </div>
          );
        })}
        {error && <ErrorSummary message={error} />}
        <button type="submit" disabled={submitting}>
          {submitting ? 'Creating your account…' : 'Create account'}
        </button>
      </form>
      <p className="muted">
        Already registered? <Link href="/login">Sign in</Link>
      </p>
    </main>
  );
}
