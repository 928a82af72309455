/** Yahoo answered with an HTTP error status; `description` is Yahoo's own words when it sent any. */
export class YahooHttpError extends Error {
  readonly description: string;
  constructor(
    readonly status: number,
    readonly path: string,
    body: string,
  ) {
    const description = yahooErrorDescription(body);
    super(`HTTP ${status} for ${path}${description ? `: ${description}` : ''}`);
    this.name = 'YahooHttpError';
    this.description = description;
  }
}

/** A Yahoo request that failed, with a message naming the ticker and what to do. */
export class YahooRequestError extends Error {
  /** HTTP status when Yahoo answered with one (404: unknown or delisted symbol). */
  readonly status: number | null;
  constructor(
    message: string,
    readonly ticker: string,
    cause: unknown,
  ) {
    super(message, { cause });
    this.name = 'YahooRequestError';
    this.status = cause instanceof YahooHttpError ? cause.status : null;
  }
}

/** Yahoo wraps errors as `{ chart: { result: null, error: { code, description } } }` (or `finance`). */
function yahooErrorDescription(body: string): string {
  try {
    const json = JSON.parse(body) as Record<string, { error?: { code?: string; description?: string } }>;
    for (const value of Object.values(json)) {
      const error = value?.error;
      if (error) return [error.code, error.description].filter(Boolean).join(': ');
    }
  } catch {
    // Not JSON (an HTML error page): fall through to a short excerpt.
  }
  return body.trim().slice(0, 200);
}

interface ValidationFailure {
  name: string;
  message: string;
  errors?: Array<{ instancePath?: string; message?: string }>;
}

function isValidationFailure(error: unknown): error is ValidationFailure {
  return error instanceof Error && error.name === 'FailedYahooValidationError';
}

/** One sentence for a failed Yahoo request: what was asked, for which ticker, why, and what to do. */
export function describeYahooFailure(what: string, ticker: string, baseUrl: string, error: unknown): string {
  const asked = `Yahoo ${what} for ${ticker}`;
  if (error instanceof YahooHttpError) {
    if (error.status === 404) {
      return `${asked}: not found (${error.description || 'HTTP 404'}); check the ticker, it may be delisted or mistyped`;
    }
    if (error.status === 429) {
      return `${asked}: Yahoo is rate limiting (HTTP 429); wait a while and run the fetch again`;
    }
    return `${asked} failed: ${error.message}`;
  }
  if (isValidationFailure(error)) {
    const details = (error.errors ?? [])
      .slice(0, 3)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim())
      .join('; ');
    return `${asked}: Yahoo's answer did not have the expected shape (${details || error.message}); Yahoo may have changed its API`;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (
    /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET/.test(message + String((error as Error)?.cause))
  ) {
    return `${asked}: could not reach ${baseUrl} (${message}); check the network or the yahooUrl setting`;
  }
  return `${asked} failed: ${message}`;
}
