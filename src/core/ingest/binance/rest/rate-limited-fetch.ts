import { backoffDelayMs, parseRetryAfter, sleep, type BackoffOptions } from '../../../net/backoff.js';
import { BinanceRestError } from './rest-errors.js';

/** The part of `fetch` ccxt uses (it calls `fetchImplementation(url, { method, headers, body, signal, timeout })`). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A pause the transport takes, reported so a job can show "waiting 12 s: rate limit". */
export interface FetchWait {
  url: string;
  /** Short human reason, e.g. "rate limit", "HTTP 503", "IP ban (HTTP 418)". */
  reason: string;
  delayMs: number;
}

export interface RateLimitedFetchOptions {
  /** The transport underneath; the global fetch unless a test passes a fake. */
  fetch?: FetchLike;
  /** Request weight Binance allows per minute and IP on spot (api.binance.com). */
  spotWeightLimit?: number;
  /** Request weight Binance allows per minute and IP on USD-M futures (fapi.binance.com). */
  futuresWeightLimit?: number;
  /** Share of the limit beyond which the next request waits for a fresh window (0.8 = 80%). */
  weightThreshold?: number;
  /** Length of Binance's weight window: one wall-clock minute. Tests shorten it. */
  windowMs?: number;
  /** Attempts per request, the first included, before giving up. */
  maxAttempts?: number;
  /** Backoff for 5xx, network errors and a 429 without Retry-After. */
  backoff?: BackoffOptions;
  /** Longest Retry-After or IP ban the transport sits out; a longer one fails at once with its end time. */
  maxWaitMs?: number;
  /** Time one attempt may take (connect to last byte of headers) before it counts as a network error. */
  attemptTimeoutMs?: number;
  /** Cancels waits and requests of every call (a job's cancel). */
  signal?: AbortSignal;
  onWait?: (wait: FetchWait) => void;
  now?: () => number;
}

const DEFAULTS = {
  spotWeightLimit: 6000,
  futuresWeightLimit: 2400,
  weightThreshold: 0.8,
  windowMs: 60_000,
  maxAttempts: 5,
  maxWaitMs: 10 * 60_000,
  attemptTimeoutMs: 30_000,
};

/** Binance bans start at two minutes; a 418 that does not say how long is treated as that. */
const MIN_BAN_MS = 120_000;

interface WeightState {
  used: number;
  window: number;
}

/**
 * ccxt's transport for Binance: one request in flight per host, waits for a fresh weight window
 * when `x-mbx-used-weight-1m` passes the threshold, sits out 429/418 for as long as Retry-After
 * says (an IP ban is never shortened), and retries 5xx and network errors with backoff. Anything
 * else (2xx, other 4xx) goes back to ccxt untouched, which maps Binance error codes itself.
 */
export function createRateLimitedFetch(options: RateLimitedFetchOptions = {}): FetchLike {
  const transport = options.fetch ?? ((input, init) => fetch(input, init));
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const now = options.now ?? Date.now;
  const queue = new HostQueue();
  const weights = new Map<string, WeightState>();
  /** Hosts that asked (429/418 with Retry-After) not to be called again before a time. */
  const blocks = new Map<string, { until: number; reason: string; ban: boolean }>();

  const wait = async (url: string, reason: string, delayMs: number, signal: AbortSignal | undefined) => {
    options.onWait?.({ url, reason, delayMs });
    await sleep(delayMs, signal);
  };

  /** Waits until the host's ban or a full weight window is over. */
  const waitForCapacity = async (target: URL, signal: AbortSignal | undefined) => {
    const block = blocks.get(target.host);
    const blockLeft = block ? block.until - now() : 0;
    if (block && blockLeft > 0) {
      if (blockLeft > settings.maxWaitMs) throw blockedError(target, block.until, block.ban);
      await wait(target.href, block.reason, blockLeft, signal);
    }
    blocks.delete(target.host);
    const key = weightKey(target);
    const state = weights.get(key);
    const limit = isFuturesPath(target.pathname) ? settings.futuresWeightLimit : settings.spotWeightLimit;
    const current = Math.floor(now() / settings.windowMs);
    if (state && state.window === current && state.used > limit * settings.weightThreshold) {
      // Binance resets the counter at the minute boundary; a small margin covers clock skew.
      const delay = (current + 1) * settings.windowMs - now() + Math.ceil(settings.windowMs / 60);
      await wait(
        target.href,
        `rate limit (${state.used} of ${limit} weight used this minute)`,
        delay,
        signal,
      );
      weights.delete(key);
    }
  };

  const recordWeight = (target: URL, response: Response) => {
    const header = response.headers.get('x-mbx-used-weight-1m') ?? response.headers.get('x-mbx-used-weight');
    const used = header === null ? NaN : Number(header);
    if (Number.isFinite(used))
      weights.set(weightKey(target), { used, window: Math.floor(now() / settings.windowMs) });
  };

  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const target = new URL(url);
    const callerSignal = anySignal([options.signal, init.signal ?? undefined]);
    return queue.run(target.host, callerSignal, async () => {
      let lastProblem = '';
      for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
        await waitForCapacity(target, callerSignal);
        const isLast = attempt === settings.maxAttempts;
        let response: Response;
        try {
          const attemptSignal = anySignal([callerSignal, AbortSignal.timeout(settings.attemptTimeoutMs)]);
          response = await transport(url, { ...init, signal: attemptSignal });
        } catch (err) {
          if (callerSignal?.aborted) throw callerSignal.reason ?? err;
          lastProblem = `network error (${describeNetworkError(err)})`;
          if (isLast) break;
          await wait(url, lastProblem, backoffDelayMs(attempt, settings.backoff), callerSignal);
          continue;
        }
        recordWeight(target, response);
        const { status } = response;
        if (status !== 418 && status !== 429 && status < 500) return response;

        await discardBody(response);
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now());
        if (status === 418) {
          const until = now() + (retryAfter ?? MIN_BAN_MS);
          blocks.set(target.host, { until, reason: 'IP ban (HTTP 418)', ban: true });
          lastProblem = 'HTTP 418 (IP banned for sending too many requests)';
        } else if (status === 429) {
          if (retryAfter !== null)
            blocks.set(target.host, {
              until: now() + retryAfter,
              reason: 'rate limit (HTTP 429)',
              ban: false,
            });
          else if (!isLast)
            await wait(url, 'rate limit (HTTP 429)', backoffDelayMs(attempt, settings.backoff), callerSignal);
          lastProblem = 'HTTP 429 (too many requests)';
        } else {
          lastProblem = `HTTP ${status}`;
          if (!isLast)
            await wait(
              url,
              `server error (HTTP ${status})`,
              backoffDelayMs(attempt, settings.backoff),
              callerSignal,
            );
        }
      }
      throw givingUpError(target, settings.maxAttempts, lastProblem);
    });
  };
}

/** Spot and futures hosts have separate weight budgets; keyed by host and market. */
function weightKey(target: URL): string {
  return `${target.host}|${isFuturesPath(target.pathname) ? 'futures' : 'spot'}`;
}

function isFuturesPath(pathname: string): boolean {
  return /^\/(fapi|dapi|futures)\//.test(pathname);
}

function blockedError(target: URL, until: number, ban: boolean): BinanceRestError {
  const what = ban ? 'has banned this IP' : 'asks this IP not to send requests';
  return new BinanceRestError(
    'unavailable',
    `Binance (${target.host}) ${what} until ${new Date(until).toISOString()} for sending too many requests. ` +
      'Wait until then before fetching again; requests sent earlier make a ban longer.',
  );
}

function givingUpError(target: URL, attempts: number, problem: string): BinanceRestError {
  const advice = problem.startsWith('network')
    ? 'Check the network connection and the Binance REST URL in Settings.'
    : problem.startsWith('HTTP 5')
      ? 'Binance may be under maintenance; try again later.'
      : 'Wait a few minutes before fetching again.';
  return new BinanceRestError(
    'unavailable',
    `GET ${target.host}${target.pathname} failed ${attempts} times, last with ${problem}. ${advice}`,
  );
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'no answer in time';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}

async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to free: the body was already consumed or the socket is gone.
  }
}

function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Runs tasks for one host strictly one after another. A task whose signal aborts while it waits
 * for its turn leaves the line at once, and the next one still waits for the task ahead of it.
 */
class HostQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(host: string, signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    const ahead = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = ahead.then(() => mine);
    this.tails.set(host, tail);
    try {
      await untilAborted(ahead, signal);
      return await task();
    } finally {
      release();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    }
  }
}

function untilAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
