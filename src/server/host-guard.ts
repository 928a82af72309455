import { isIP } from 'node:net';

/** Host names that always mean this machine. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopbackHost(host: string): boolean {
  const bare = stripBrackets(host).toLowerCase();
  return LOOPBACK_NAMES.has(bare) || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

export function isWildcardHost(host: string): boolean {
  const bare = stripBrackets(host);
  return bare === '0.0.0.0' || bare === '::';
}

/**
 * DNS-rebinding guard: a page on evil.example whose name was re-pointed at 127.0.0.1 reaches us with
 * `Host: evil.example:PORT`. We accept only loopback names and the host we were bound to, on our
 * port. When bound to every interface (0.0.0.0 / ::) any IP literal is also accepted, because
 * rebinding needs a DNS name and a LAN user types the machine's address.
 */
export function createHostGuard(
  boundHost: string,
  port: number,
): (hostHeader: string | undefined) => boolean {
  const bound = stripBrackets(boundHost).toLowerCase();
  const wildcard = isWildcardHost(bound);
  return (hostHeader) => {
    const parsed = parseHostHeader(hostHeader);
    if (!parsed || parsed.port !== port) return false;
    if (LOOPBACK_NAMES.has(parsed.host) || parsed.host === bound) return true;
    return wildcard && isIP(parsed.host) !== 0;
  };
}

/**
 * Browsers send `Origin` on every WebSocket handshake; a page from another site must not drive the
 * lab even if it learned the token. Non-browser clients (the CLI, tests) send none, and still need
 * the token, so a missing Origin is allowed.
 */
export function originMatchesHost(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  const host = parseHostHeader(hostHeader);
  if (parsed.protocol !== 'http:' || !host) return false;
  return stripBrackets(parsed.hostname) === host.host && Number(parsed.port || 80) === host.port;
}

function parseHostHeader(header: string | undefined): { host: string; port: number } | null {
  if (!header) return null;
  // A browser omits the port when it is the scheme's default (80 for http).
  const match = header.toLowerCase().match(/^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/);
  if (!match) return null;
  return { host: stripBrackets(match[1]), port: match[2] === undefined ? 80 : Number(match[2]) };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
