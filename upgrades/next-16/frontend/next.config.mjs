import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';

/**
 * What a browser may load and run on our pages, and who may show them in a frame: nobody,
 * so no other site can lay the login page under its own buttons (clickjacking).
 * `next build` computes these headers: after a change, build again.
 */
function securityHeaders(dev) {
  const policy = [
    "default-src 'self'",
    // `next dev` runs its modules through eval() for fast refresh; the build needs no eval.
    `script-src 'self'${dev ? " 'unsafe-eval'" : ''}`,
    // `next dev` injects the CSS as <style> tags, and Next.js's own error pages use inline styles.
    "style-src 'self' 'unsafe-inline'",
    // The browser talks to this site only (NextAuth's /api/auth routes): the Next.js server
    // is the one that calls the backend.
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return [
    { key: 'Content-Security-Policy', value: policy.join('; ') },
    // The same "no framing" for browsers that do not know frame-ancestors.
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
  ];
}

/** @type {(phase: string) => import('next').NextConfig} */
export default function nextConfig(phase) {
  const dev = phase === PHASE_DEVELOPMENT_SERVER;
  return {
    reactStrictMode: true,
    // `next dev` gets its own folder: in .next it would overwrite the production build the checks run.
    distDir: dev ? '.next-dev' : '.next',
    async headers() {
      return [{ source: '/:path*', headers: securityHeaders(dev) }];
    },
  };
}
