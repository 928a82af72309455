import type { z } from 'zod';
import { backoffDelayMs, parseRetryAfter, type BackoffOptions } from '../../net/backoff.js';
import { COINGECKO_KEY_ADVICE, coingeckoAccess, type CoinGeckoAccess } from './coingecko-access.js';
import { RequestThrottle, systemClock, type ThrottleClock } from './request-throttle.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A pause before a request, reported so a job can show "waiting 20 s: rate limited (HTTP 429)". */
export interface CoinGeckoWait {
  what: string;
  reason: string;
  delayMs: number;
}

export interface CoinGeckoClientOptions {
  /** The API root, e.g. https://api.coingecko.com/api/v3 (a Pro key needs https://pro-api.coingecko.com/api/v3). */
  baseUrl: string;
  /** Demo or Pro key; never logged, never put in a URL. */
  apiKey?: string;
  /** Cancels waits and requests (a job's cancel). */
  signal?: AbortSignal;
  /** The transport; the global fetch unless a test passes another. */
  fetch?: FetchLike;
  clock?: ThrottleClock;
  /** Default: the plan's calls per minute (COINGECKO_CALLS_PER_MINUTE). */
  throttle?: RequestThrottle;
  /** Attempts per request, the first included (default 4): a bounded answer to 429 and 5xx. */
  maxAttempts?: number;
  /** Longest Retry-After sat out; a longer one fails at once (default 5 minutes). */
  maxRetryAfterMs?: number;
  /** Time an attempt may take before it counts as a network error (default 30 s). */
  attemptTimeoutMs?: number;
  random?: () => number;
  onWait?: (wait: CoinGeckoWait) => void;
}

/** A CoinGecko request that failed for good: the message says which, why, and what to do. */
export class CoinGeckoError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'CoinGeckoError';
  }
}

/** A 429 without Retry-After: CoinGecko counts per minute, so waits grow from 15 s to a minute. */
const RATE_LIMIT_BACKOFF: BackoffOptions = { baseMs: 15_000, maxMs: 60_000 };
const SERVER_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 30_000 };

/**
 * CoinGecko's REST API over plain fetch: the key in its header, every request through the plan's
 * throttle, 429 waited out (Retry-After, else backoff) and 5xx or network errors retried a bounded
 * number of times; 401/403 and other client errors end at once with advice. Answers are decoded
 * leniently (CoinGecko has sent text that is not valid UTF-8; bad bytes become U+FFFD) and checked
 * with a schema, so a malformed answer is an error naming its endpoint, never a half-stored snapshot.
 */
export class CoinGeckoClient {
  readonly access: CoinGeckoAccess;
  /** HTTP requests sent, retries included. */
  requestsSent = 0;
  /** Attempts repeated after a 429, a 5xx or a network error. */
  retries = 0;
  private readonly throttle: RequestThrottle;
  private readonly clock: ThrottleClock;
  private readonly transport: FetchLike;
  private readonly baseUrl: string;

  constructor(private readonly options: CoinGeckoClientOptions) {
    this.access = coingeckoAccess(options.baseUrl, options.apiKey);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.clock = options.clock ?? systemClock;
    this.throttle = options.throttle ?? new RequestThrottle(this.access.callsPerMinute, 60_000, this.clock);
    this.transport = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /**
   * GET `endpoint` (e.g. "/coins/markets") with `query`, parsed with `schema`. `what` names the
   * request in messages ("/coins/markets page 2").
   */
  async get<S extends z.ZodTypeAny>(
    endpoint: string,
    query: Record<string, string | number>,
    schema: S,
    what = endpoint,
  ): Promise<z.output<S>> {
    const url = new URL(this.baseUrl + endpoint);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    const text = await this.getText(url.href, what);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CoinGeckoError(
        `CoinGecko ${what} answered with text that is not JSON (${preview(text)}). ` +
          `Check that the CoinGecko URL (setting coingeckoUrl, env TRADELAB_COINGECKO_URL) is the API root, e.g. https://api.coingecko.com/api/v3.`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new CoinGeckoError(
        `CoinGecko ${what} answered with a malformed response${where}: ${issue.message}. Nothing from it was stored.`,
      );
    }
    return parsed.data;
  }

  private async getText(url: string, what: string): Promise<string> {
    const { signal } = this.options;
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 4);
    const maxRetryAfterMs = this.options.maxRetryAfterMs ?? 5 * 60_000;
    let waitReason = `staying under ${this.access.callsPerMinute} calls/minute`;
    let lastProblem = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await this.throttle.acquire(signal, (delayMs) =>
        this.options.onWait?.({ what, reason: waitReason, delayMs }),
      );
      if (attempt > 1) this.retries++;
      this.requestsSent++;
      const retryIn = (delayMs: number, reason: string) => {
        this.throttle.blockUntil(this.clock.now() + delayMs);
        waitReason = reason;
      };

      let response: Response;
      let body: Buffer;
      try {
        const timeout = AbortSignal.timeout(this.options.attemptTimeoutMs ?? 30_000);
        response = await this.transport(url, {
          headers: { accept: 'application/json', ...this.access.headers },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        body = Buffer.from(await response.arrayBuffer());
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        lastProblem = `network error (${describeNetworkError(err)})`;
        retryIn(backoffDelayMs(attempt, { ...SERVER_BACKOFF, random: this.options.random }), lastProblem);
        continue;
      }

      const { status } = response;
      if (status >= 200 && status < 300) return new TextDecoder('utf-8').decode(body);
      const said = this.apiMessage(body);
      if (status === 401 || status === 403) throw this.refused(what, status, said);
      if (status === 429) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.clock.now());
        if (retryAfter !== null && retryAfter > maxRetryAfterMs)
          throw new CoinGeckoError(
            `CoinGecko ${what}: rate limited (HTTP 429) and asked to wait ${Math.ceil(retryAfter / 1000)} s, ` +
              'longer than this job waits. Try again later; an API key raises the limit.',
            429,
          );
        lastProblem = 'HTTP 429 (rate limited)';
        const backoff = backoffDelayMs(attempt, { ...RATE_LIMIT_BACKOFF, random: this.options.random });
        retryIn(retryAfter ?? backoff, 'rate limited (HTTP 429)');
        continue;
      }
      if (status >= 500 || status === 408) {
        lastProblem = `HTTP ${status}${said ? ` (${said})` : ''}`;
        retryIn(
          backoffDelayMs(attempt, { ...SERVER_BACKOFF, random: this.options.random }),
          `HTTP ${status}`,
        );
        continue;
      }
      throw new CoinGeckoError(
        `CoinGecko ${what} answered HTTP ${status}${said ? `: ${said}` : ''}. ` +
          'Check the CoinGecko URL (setting coingeckoUrl, env TRADELAB_COINGECKO_URL) and the request options.',
        status,
      );
    }
    const advice = lastProblem.startsWith('HTTP 429')
      ? `Wait a minute before fetching again; ${COINGECKO_KEY_ADVICE.charAt(0).toLowerCase()}${COINGECKO_KEY_ADVICE.slice(1)} for a higher limit.`
      : lastProblem.startsWith('network')
        ? 'Check the network connection and the CoinGecko URL (setting coingeckoUrl, env TRADELAB_COINGECKO_URL).'
        : 'CoinGecko may be having problems (status.coingecko.com); try again later.';
    throw new CoinGeckoError(
      `CoinGecko ${what} failed ${maxAttempts} times, last with ${lastProblem}. ${advice}`,
    );
  }

  private refused(what: string, status: number, said: string): CoinGeckoError {
    const because = said ? `: ${said}` : '';
    const keyAdvice =
      this.access.plan === 'keyless'
        ? `CoinGecko wants an API key. ${COINGECKO_KEY_ADVICE} (a free Demo key will do).`
        : `The API key is wrong, expired, or of the other kind. ${COINGECKO_KEY_ADVICE}; a Demo key works with ` +
          'https://api.coingecko.com/api/v3, a Pro key only with https://pro-api.coingecko.com/api/v3 (the CoinGecko URL setting).';
    const blocked = status === 403 ? ' A 403 can also mean this network is blocked by CoinGecko.' : '';
    return new CoinGeckoError(
      `CoinGecko refused ${what} (HTTP ${status}${because}). ${keyAdvice}${blocked}`,
      status,
    );
  }

  /** CoinGecko's own words from an error body ({"error": …} or {"status": {"error_message": …}}), key removed. */
  private apiMessage(body: Buffer): string {
    const text = new TextDecoder('utf-8').decode(body).trim();
    let message = '';
    try {
      const json = JSON.parse(text) as {
        error?: unknown;
        error_message?: unknown;
        status?: { error_message?: unknown };
      };
      const found = json.status?.error_message ?? json.error_message ?? json.error;
      if (typeof found === 'string') message = found;
    } catch {
      message = text.startsWith('<') ? '' : text;
    }
    const key = this.options.apiKey?.trim();
    if (key) message = message.split(key).join('***');
    return message.length > 200 ? `${message.slice(0, 200)}…` : message;
  }
}

function preview(text: string): string {
  const start = text.trim().slice(0, 40).replace(/\s+/g, ' ');
  return start ? `starts with "${start}"` : 'empty';
}

function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return 'no answer in time';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}
