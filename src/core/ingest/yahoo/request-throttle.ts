/**
 * Token bucket that keeps a client under Yahoo's informal limit of about 2,000 requests an hour.
 *
 * The bucket starts full (`burst` requests go out at once, so a short fetch is not slowed down)
 * and refills one token every `refillMs` (default 1,800 ms = 2,000 an hour). Sustained use is
 * therefore at most 3,600,000 / refillMs per hour, plus the initial burst once.
 */
export interface ThrottleOptions {
  /** Milliseconds per refilled token; 0 turns throttling off (tests). */
  refillMs: number;
  /** Requests that may go out back to back before the refill rate applies. */
  burst: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_REFILL_MS = 1_800;
export const DEFAULT_BURST = 60;

export interface RequestThrottle {
  /** Resolves when a request may go out; rejects with the signal's reason when it is aborted. */
  take(signal?: AbortSignal): Promise<void>;
}

export function createRequestThrottle(options: ThrottleOptions): RequestThrottle {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const { refillMs, burst } = options;
  let tokens = burst;
  let refilledAt = now();
  // Callers are served in order: each waits for the previous one's token before taking its own.
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const t = now();
    const earned = Math.floor((t - refilledAt) / refillMs);
    if (earned > 0) {
      tokens = Math.min(burst, tokens + earned);
      refilledAt = tokens === burst ? t : refilledAt + earned * refillMs;
    }
  };

  const takeOne = async (signal?: AbortSignal) => {
    if (refillMs <= 0) return;
    for (;;) {
      signal?.throwIfAborted();
      refill();
      if (tokens > 0) {
        tokens -= 1;
        return;
      }
      await sleep(refilledAt + refillMs - now(), signal);
    }
  };

  return {
    take(signal) {
      const turn = queue.then(() => takeOne(signal));
      // A cancelled waiter must not block the ones behind it.
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
