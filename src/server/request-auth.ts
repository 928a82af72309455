import type { IncomingMessage } from 'node:http';
import { tokensMatch } from './token.js';

/**
 * Cookie names are shared by every port of a host, so two servers on 127.0.0.1 would overwrite each
 * other's cookie; the port in the name keeps each launch's cookie apart.
 */
export function sessionCookieName(port: number): string {
  return `tradelab_token_${port}`;
}

/** The `Set-Cookie` value given to a browser that opened the page with a valid `?token=`. */
export function sessionCookie(port: number, token: string): string {
  return `${sessionCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Where a request presented the token, if it did. `query` is the one that earns a cookie. */
export type TokenSource = 'query' | 'bearer' | 'cookie';

/**
 * Checks the request carries the launch token in `?token=`, an `Authorization: Bearer` header or the
 * session cookie. Returns where a valid token was found, or null when none was.
 */
export function authenticateRequest(
  req: IncomingMessage,
  url: URL,
  token: string,
  port: number,
): TokenSource | null {
  if (tokensMatch(token, url.searchParams.get('token') ?? undefined)) return 'query';
  if (tokensMatch(token, bearerToken(req.headers.authorization))) return 'bearer';
  if (tokensMatch(token, readCookie(req.headers.cookie, sessionCookieName(port)))) return 'cookie';
  return null;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
