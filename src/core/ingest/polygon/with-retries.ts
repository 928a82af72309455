import { backoffDelayMs, sleep } from '../../net/backoff.js';
import { classifyS3Error } from './s3-errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff scale of the first retry, ms. */
  baseMs: number;
  signal: AbortSignal;
  /** Called before each wait, so the job can count retries and say why. */
  onRetry: (info: { what: string; attempt: number; reason: string; delayMs: number }) => void;
}

/**
 * Runs `attempt` until it succeeds, retrying only transient failures (5xx, throttling, dropped or
 * stalled connections) with exponential backoff. Anything else (refused credentials, a missing
 * object, a rejected file, a cancel) is thrown at once, as is the last transient failure once the
 * attempts are spent. The S3 client itself is built with one attempt per call, so attempts are
 * never multiplied by a second retry loop inside the SDK.
 */
export async function withRetries<T>(
  what: string,
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (policy.signal.aborted) throw err;
      const failure = classifyS3Error(err);
      if (failure.kind !== 'transient' || n >= policy.maxAttempts) throw err;
      const delayMs = backoffDelayMs(n, { baseMs: policy.baseMs });
      policy.onRetry({ what, attempt: n, reason: failure.detail, delayMs });
      await sleep(delayMs, policy.signal);
    }
  }
}
