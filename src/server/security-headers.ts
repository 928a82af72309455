import type { ServerResponse } from 'node:http';

/**
 * Headers on every HTTP answer. The CSP lets the dashboard load only its own scripts and talk only to
 * this server's WebSocket; `hostHeader` is the already-validated Host the page was loaded from.
 */
export function setSecurityHeaders(res: ServerResponse, hostHeader: string): void {
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `connect-src 'self' ws://${hostHeader}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}
