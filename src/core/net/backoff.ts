/** How retries wait: exponential growth with full jitter, capped, as AWS and Binance recommend. */
export interface BackoffOptions {
  /** Delay scale of the first retry, ms. */
  baseMs?: number;
  /** Upper bound of any single delay, ms. */
  maxMs?: number;
  /** Source of randomness in [0, 1); injectable so tests are exact. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): a uniform draw in
 * [base·2^(attempt−1)/2, base·2^(attempt−1)], capped at maxMs. Half-jitter keeps a floor so a storm
 * of 5xx never produces back-to-back requests, while still spreading clients apart.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delta-seconds or an HTTP date. Null when the
 * header is absent or unreadable (callers then use their own backoff).
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (text === '') return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** Waits `ms`, or rejects at once with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
