import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';

/**
 * What a browser may load and run on our pages, and who may show them in a frame: nobody,
 * so no other site can lay the login page under its own buttons (clickjacking).
 * `next build` computes these headers, as it inlines NEXT_PUBLIC_API_URL: set it before building.
 */
function securityHeaders(dev) {
  const api = process.env.NEXT_PUBLIC_API_URL;
  // The browser calls the backend there. A bad value is reported by src/lib/config.public.ts;
  // here it only means that connect-src allows nothing more than this site.
  const apiOrigin = api && URL.canParse(api) ? new URL(api).origin : '';
  const policy = [
    "default-src 'self'",
    // `next dev` runs its modules through eval() for fast refresh; the build needs no eval.
    `script-src 'self'${dev ? " 'unsafe-eval'" : ''}`,
    // `next dev` injects the CSS as <style> tags, and Next.js's own error pages use inline styles.
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ${apiOrigin}`.trim(),
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
