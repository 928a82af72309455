import http from 'node:http';
import https from 'node:https';
import { finished } from 'node:stream';

const USER_AGENT = 'tradelab';
/** Body bytes handed to a slow consumer before the socket is paused (memory bound per transfer). */
const PENDING_BYTES_HIGH_WATER = 1 << 20;

/**
 * A failure that another attempt may not repeat: the network, a dropped connection, a stall, or a
 * status the server uses for "busy" (5xx, 429, 418). `retryAfterMs` is the server's Retry-After.
 */
export class TransientHttpError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'TransientHttpError';
  }
}

export interface AttemptOptions {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** No response head and no body byte for this long aborts the attempt (a stalled connection). */
  stallTimeoutMs: number;
}

export interface OpenResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /**
   * Hands the body to `onChunk` chunk by chunk, in order, awaiting each; resolves with the byte
   * count at the end of the body. Every chunk that arrived is handed over before a failure is
   * reported, so a caller writing to disk keeps all it received. Rejects with a
   * TransientHttpError when the connection drops or stalls, with the abort reason on cancel, and
   * with the consumer's own error when `onChunk` throws.
   */
  consume(onChunk: (chunk: Buffer) => void | Promise<void>): Promise<number>;
  /** Closes the connection without reading the body. */
  discard(): void;
}

/**
 * One HTTP request, no retries: resolves with the response head. A stall watchdog runs from the
 * request until the body ends; it is what turns a silent server into a retry instead of a hang.
 */
export function openRequest(url: string, options: AttemptOptions): Promise<OpenResponse> {
  const { signal, stallTimeoutMs } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new Error(`"${url}" is not a valid URL`));
  }
  const transport = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
  if (!transport) return Promise.reject(new Error(`${url}: only http and https URLs are supported`));

  return new Promise((resolve, reject) => {
    let stalled = false;
    let headReceived = false;
    const req = transport.request(target, {
      method: options.method ?? 'GET',
      headers: { 'user-agent': USER_AGENT, ...options.headers },
    });
    const stallTimer = setTimeout(() => {
      stalled = true;
      req.destroy();
    }, stallTimeoutMs);
    const onAbort = () => req.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(stallTimer);
      signal?.removeEventListener('abort', onAbort);
    };
    // Why an attempt ended early, named for the user: cancel first, then a stall, then the network.
    const failure = (err: unknown): unknown => {
      if (signal?.aborted) return signal.reason;
      if (stalled)
        return new TransientHttpError(`${url}: no data for ${stallTimeoutMs} ms (connection stalled)`);
      return new TransientHttpError(`${url}: ${describeNetworkError(err, headReceived)}`);
    };

    req.on('error', (err) => {
      if (headReceived) return; // reported through the response
      cleanup();
      reject(failure(err));
    });
    req.on('response', (res) => {
      headReceived = true;
      stallTimer.refresh();
      // Read from the first moment: a server that sends a few bytes and hangs up would otherwise
      // have them discarded with the destroyed response before the caller starts consuming.
      let early: Buffer[] = [];
      let earlyBytes = 0;
      let deliver: ((chunk: Buffer) => void) | null = null;
      let ended: { err: unknown } | null = null;
      let onEnded: (() => void) | null = null;
      res.on('data', (chunk: Buffer) => {
        stallTimer.refresh();
        if (deliver) return deliver(chunk);
        early.push(chunk);
        earlyBytes += chunk.length;
        if (earlyBytes > PENDING_BYTES_HIGH_WATER) res.pause();
      });
      finished(res, (err) => {
        cleanup();
        ended = { err: err ?? null };
        onEnded?.();
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        discard: () => {
          cleanup();
          early = [];
          res.destroy();
        },
        consume: (onChunk) =>
          new Promise<number>((resolveBody, rejectBody) => {
            let received = 0;
            let pendingBytes = 0;
            let queue: Promise<void> = Promise.resolve();
            let consumerError: unknown = null;
            deliver = (chunk) => {
              received += chunk.length;
              pendingBytes += chunk.length;
              if (pendingBytes > PENDING_BYTES_HIGH_WATER) res.pause();
              queue = queue.then(async () => {
                if (consumerError) return;
                try {
                  await onChunk(chunk);
                } catch (err) {
                  consumerError = err;
                  res.destroy();
                } finally {
                  pendingBytes -= chunk.length;
                  if (res.isPaused() && pendingBytes <= PENDING_BYTES_HIGH_WATER / 2 && !consumerError)
                    res.resume();
                }
              });
            };
            for (const chunk of early) deliver(chunk);
            early = [];
            const settle = () =>
              void queue.then(() => {
                if (consumerError) rejectBody(consumerError);
                else if (ended?.err || signal?.aborted || stalled) rejectBody(failure(ended?.err));
                else resolveBody(received);
              });
            if (ended) settle();
            else onEnded = settle;
          }),
      });
    });
    req.end();
  });
}

function describeNetworkError(err: unknown, headReceived: boolean): string {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code ? `${e.code}: ` : '';
  const what = headReceived ? 'connection dropped during the body' : 'request failed';
  return `${what} (${code}${e?.message ?? String(err)})`;
}
