import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { Lab } from '../core/lab-types.js';
import { silentLogger, type Logger } from '../core/platform/logger.js';
import { createHostGuard, isWildcardHost, originMatchesHost } from './host-guard.js';
import { authenticateRequest, sessionCookie } from './request-auth.js';
import { setSecurityHeaders } from './security-headers.js';
import { sendText } from './send-text.js';
import { serveStatic } from './static-files.js';
import { createAccessToken } from './token.js';
import { serveWebSocketSession } from './ws-session.js';

export interface ServerOptions {
  lab: Lab;
  /** Interface to bind; loopback by default so nothing off this machine can connect. */
  host?: string;
  /** 0 picks a free port (the chosen one is in the result). */
  port?: number;
  /** Folder of the built dashboard (electron-vite's renderer output). */
  staticDir?: string;
  /** Access token; a fresh random one per launch when omitted. */
  token?: string;
  logger?: Logger;
}

export interface RunningServer {
  /** The dashboard's address including `?token=`: what the user opens. */
  url: string;
  port: number;
  token: string;
  /** Stops accepting, closes every socket; does not close the lab (its owner does). */
  close(): Promise<void>;
}

/** Largest WebSocket message accepted from a client; lab requests are small JSON objects. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
const WS_PATH = '/ws';

/**
 * Starts the headless server: the built dashboard over HTTP and the LabApi over a WebSocket at /ws,
 * both behind the per-launch token and a Host check (see host-guard.ts for why).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { lab, host = '127.0.0.1', port = 0, logger = silentLogger } = options;
  const staticDir = path.resolve(options.staticDir ?? 'out/renderer');
  const token = options.token ?? createAccessToken();

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('connection', (socket) => serveWebSocketSession(socket, lab, logger));

  // The guard needs the real port, known only after listen(); requests cannot arrive before that.
  let hostAllowed: (hostHeader: string | undefined) => boolean = () => false;
  let boundPort = port;

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      logger.error('HTTP request failed', {
        url: req.url,
        error: err instanceof Error ? err.message : String(err),
      });
      if (!res.headersSent) sendText(res, 500, 'Internal error: see the server log.');
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host)) return sendText(res, 403, 'Forbidden: unexpected Host header.');
    setSecurityHeaders(res, req.headers.host ?? '');
    const url = requestUrl(req);
    const source = authenticateRequest(req, url, token, boundPort);
    if (!source) {
      return sendText(
        res,
        401,
        'Unauthorized: open the Dashboard URL printed by `tradelab serve` (it has ?token=).',
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    }
    // The page's own asset and WebSocket requests carry no ?token=, so the browser gets a cookie.
    if (source === 'query') res.setHeader('Set-Cookie', sessionCookie(boundPort, token));
    await serveStatic(req, res, rawPath(req), staticDir);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not crash the server with an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const refusal = upgradeRefusal(req);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  function upgradeRefusal(req: IncomingMessage): string | null {
    if (!hostAllowed(req.headers.host)) return '403 Forbidden';
    if (!originMatchesHost(req.headers.origin, req.headers.host)) return '403 Forbidden';
    const url = requestUrl(req);
    if (url.pathname !== WS_PATH) return '404 Not Found';
    if (!authenticateRequest(req, url, token, boundPort)) return '401 Unauthorized';
    return null;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: NodeJS.ErrnoException) => {
    throw listenError(err, host, port);
  });

  boundPort = (server.address() as AddressInfo).port;
  hostAllowed = createHostGuard(host, boundPort);
  const urlHost = isWildcardHost(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${boundPort}/?token=${token}`,
    port: boundPort,
    token,
    close: () => closeServer(server, wss),
  };
}

function requestUrl(req: IncomingMessage): URL {
  // Only the path and query matter; the Host header was validated separately.
  return new URL(req.url ?? '/', 'http://localhost');
}

/** The path exactly as sent (still percent-encoded), so static-files sees any `..` the client wrote. */
function rawPath(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE') {
    return new Error(
      `Port ${port} on ${host} is already in use: pick another with --port, or --port 0 for a free one.`,
    );
  }
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
    return new Error(`Cannot listen on host ${host}: no such local address. Use --host 127.0.0.1.`);
  }
  if (err.code === 'EACCES') {
    return new Error(`Not allowed to listen on ${host}:${port}: pick a port above 1023 with --port.`);
  }
  return new Error(`Cannot listen on ${host}:${port}: ${err.message}`);
}

/** How long clients get to answer the WebSocket close handshake before they are cut off. */
const CLOSE_GRACE_MS = 2000;

async function closeServer(server: ReturnType<typeof createServer>, wss: WebSocketServer): Promise<void> {
  const httpStopped = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive HTTP connections would otherwise hold close() open for minutes.
  server.closeAllConnections();
  const wsStopped = new Promise<void>((resolve) => wss.close(() => resolve()));
  for (const client of wss.clients) client.close(1001, 'Server shutting down');
  const cutOff = setTimeout(() => {
    for (const client of wss.clients) client.terminate();
  }, CLOSE_GRACE_MS);
  await Promise.all([httpStopped, wsStopped]);
  clearTimeout(cutOff);
}
