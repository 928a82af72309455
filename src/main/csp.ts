/**
 * The Content-Security-Policy of the dashboard. The renderer's index.html carries the same policy in a
 * meta tag; the main process also sends it as a response header (see window.ts), so a page that lost
 * its meta tag is still locked down. Pure: no Electron import, unit-tested.
 *
 * - scripts, fonts, images and fetches come only from our own origin (file:// when packaged);
 * - inline styles are allowed (React style props, chart libraries); inline scripts are not;
 * - no plugins, no framing, no forms, no <base>.
 *
 * In development the Vite dev server needs its origin for HMR (a websocket) and an inline preamble
 * script for React Fast Refresh, so the dev policy adds exactly those.
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? new URL(devServerUrl) : undefined;
  const devOrigin = dev ? dev.origin : '';
  const devSocket = dev ? `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}` : '';
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', dev ? ["'self'", "'unsafe-inline'", devOrigin] : ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', dev ? ["'self'", devOrigin, devSocket] : ["'self'"]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
