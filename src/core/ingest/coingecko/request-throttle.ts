import { sleep } from '../../net/backoff.js';

/**
 * Requests per minute the lab allows itself against each kind of CoinGecko access. CoinGecko
 * counts calls per minute: the free Demo plan (a key in `x-cg-demo-api-key`) has been documented
 * at 30 calls/minute (now up to 100), and keyless calls share an IP-based limit that CoinGecko
 * does not state (historically 5–30 a minute). The lab stays under the lowest figure of each with
 * a margin; a 429 that still comes is waited out (Retry-After, else backoff).
 */
export const COINGECKO_CALLS_PER_MINUTE = {
  /** No key: the public, IP-shared limit. */
  keyless: 10,
  /** Demo key on api.coingecko.com: under the documented 30 calls/minute. */
  demo: 25,
  /** Pro key on pro-api.coingecko.com: under the smallest paid plan's 250 calls/minute. */
  pro: 200,
} as const;

export interface ThrottleClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: ThrottleClock = { now: Date.now, sleep };

/**
 * At most `limit` requests in any `windowMs`: a sliding window over the send times, so a short
 * job (two or three calls) goes at once and a long one spreads out. A 429's Retry-After blocks
 * every request until it has passed.
 */
export class RequestThrottle {
  private readonly sent: number[] = [];
  private blockedUntil = 0;

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    private readonly clock: ThrottleClock = systemClock,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`a throttle needs a limit of at least 1, not ${limit}`);
  }

  /** How long the next request must wait at `now`, ms (0 when it may go at once). */
  delayAt(now: number): number {
    while (this.sent.length > 0 && this.sent[0] <= now - this.windowMs) this.sent.shift();
    const forWindow =
      this.sent.length < this.limit ? 0 : this.sent[this.sent.length - this.limit] + this.windowMs - now;
    return Math.max(0, forWindow, this.blockedUntil - now);
  }

  /** Waits for a free slot (rejects at once with the signal's reason on cancel) and takes it. */
  async acquire(signal?: AbortSignal, onWait?: (delayMs: number) => void): Promise<void> {
    for (let delay = this.delayAt(this.clock.now()); delay > 0; delay = this.delayAt(this.clock.now())) {
      onWait?.(delay);
      await this.clock.sleep(delay, signal);
    }
    this.sent.push(this.clock.now());
  }

  /** No request before `until` (epoch ms), e.g. after a 429 with Retry-After. */
  blockUntil(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }
}
