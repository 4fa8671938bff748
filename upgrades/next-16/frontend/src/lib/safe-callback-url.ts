// Where /login may send someone after they sign in (used by src/pages/login.tsx).
// The address comes from the query string, so anyone can write it into a link: accepting
// any value would turn our login page into a trusted-looking redirect to their site.

/** `value` when it is a path on this site (like "/profile?tab=1"); "/" otherwise. */
export function safeCallbackUrl(value: unknown): string {
  // ?callbackUrl=a&callbackUrl=b arrives as an array: not a path.
  if (typeof value !== 'string') return '/';
  // Only relative paths. "https://evil.example" is absolute, and browsers read both
  // "//evil.example" and "/\evil.example" as "another host, same scheme".
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
  if (/\p{Cc}/u.test(value)) return '/';
  return value;
}
