import type { IncomingHttpHeaders } from 'node:http';
import { backoffDelayMs, parseRetryAfter, sleep } from './backoff.js';
import { openRequest, TransientHttpError, type OpenResponse } from './http-attempt.js';

export { openRequest, TransientHttpError, type OpenResponse };

/** How often and how patiently a request is retried. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 6). */
  maxAttempts?: number;
  /** Backoff scale of the first retry, ms (default 500); doubles per retry, with jitter. */
  baseMs?: number;
  /** Longest backoff, ms (default 30 s); also the wait after a 418 that gives no Retry-After. */
  maxMs?: number;
  /** A Retry-After longer than this (an IP ban of hours) ends the retries instead (default 10 min). */
  maxRetryAfterMs?: number;
  /** Randomness of the jitter, injectable for exact tests. */
  random?: () => number;
}

/** Reported before each wait, so a job can count retries and show why. */
export interface RetryInfo {
  url: string;
  /** The attempt that just failed (1 for the first request). */
  attempt: number;
  reason: string;
  /** How long it waits before the next attempt. */
  delayMs: number;
}

export interface HttpGetOptions {
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  retry?: RetryOptions;
  /** No byte for this long aborts an attempt, which is then retried (default 30 s). */
  stallTimeoutMs?: number;
}

export const DEFAULT_STALL_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_MAX_RETRY_AFTER_MS = 10 * 60_000;
const DEFAULT_MAX_BODY_BYTES = 64 << 20;

/** The retries of one URL ran out (or the server asked for a wait too long to sit through). */
export class RetriesExhaustedError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly attempts: number,
    readonly lastReason: string,
  ) {
    super(message);
    this.name = 'RetriesExhaustedError';
  }
}

/** Statuses that mean "not now" rather than "no": server errors, rate limits, an IP ban (418). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 418 || status === 408;
}

/** The retryable failure for a "busy" status, carrying the server's Retry-After. */
export function statusFailure(url: string, status: number, headers: IncomingHttpHeaders): TransientHttpError {
  const retryAfterHeader = headers['retry-after'];
  const retryAfterMs = parseRetryAfter(retryAfterHeader, Date.now());
  const meaning =
    status === 418
      ? ' (IP banned for sending too many requests)'
      : status === 429
        ? ' (rate limited)'
        : status >= 500
          ? ' (server error)'
          : '';
  const asked = retryAfterMs !== null ? `; Retry-After: ${retryAfterHeader}` : '';
  return new TransientHttpError(`HTTP ${status}${meaning} from ${url}${asked}`, retryAfterMs, status);
}

/**
 * Runs `attempt` until it succeeds, retrying TransientHttpErrors with exponential backoff (at least
 * the server's Retry-After). Any other error ends at once; so does the signal, with its reason.
 * Throws RetriesExhaustedError when attempts run out.
 */
export async function withRetries<T>(
  url: string,
  options: HttpGetOptions,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  const { signal, retry = {} } = options;
  const maxAttempts = Math.max(1, retry.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const maxMs = retry.maxMs ?? 30_000;
  const maxRetryAfterMs = retry.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw signal.reason;
    try {
      return await attempt(n);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (!(err instanceof TransientHttpError)) throw err;
      if (err.retryAfterMs !== null && err.retryAfterMs > maxRetryAfterMs) {
        throw new RetriesExhaustedError(
          `${err.message}: the server asks to wait ${Math.ceil(err.retryAfterMs / 1000)} s, longer than this job waits; try again later`,
          url,
          n,
          err.message,
        );
      }
      if (n >= maxAttempts) {
        throw new RetriesExhaustedError(`gave up after ${n} attempts: ${err.message}`, url, n, err.message);
      }
      const backoff = backoffDelayMs(n, { baseMs: retry.baseMs, maxMs, random: retry.random });
      // A ban without a stated length: wait the longest backoff rather than hammer the server.
      const floor = err.retryAfterMs ?? (err.status === 418 ? maxMs : 0);
      const delayMs = Math.max(backoff, floor);
      options.onRetry?.({ url, attempt: n, reason: err.message, delayMs });
      await sleep(delayMs, signal);
    }
  }
}

export interface HttpBytes {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * GET (or HEAD) a small resource whole, with retries on the network and on busy statuses. Any
 * other status, 404 included, is returned with its body for the caller to judge.
 */
export function getBytes(
  url: string,
  options: HttpGetOptions & { method?: 'GET' | 'HEAD'; maxBytes?: number } = {},
): Promise<HttpBytes> {
  const stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  return withRetries(url, options, async () => {
    const response = await openRequest(url, {
      method: options.method,
      signal: options.signal,
      stallTimeoutMs,
    });
    if (isRetryableStatus(response.status)) {
      response.discard();
      throw statusFailure(url, response.status, response.headers);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    await response.consume((chunk) => {
      size += chunk.length;
      if (size > maxBytes)
        throw new Error(`${url}: the response is larger than ${maxBytes} bytes; is this the right URL?`);
      chunks.push(chunk);
    });
    const body = Buffer.concat(chunks);
    const declared = Number(response.headers['content-length']);
    if (options.method !== 'HEAD' && Number.isFinite(declared) && declared !== body.length) {
      throw new TransientHttpError(`${url}: received ${body.length} of ${declared} bytes`);
    }
    return { status: response.status, headers: response.headers, body };
  });
}
