/** Why a Binance REST call failed, so callers can tell "skip this symbol" from "stop the job". */
export type BinanceRestFailure =
  /** Binance does not list the symbol on that market (delisted, renamed or misspelt). */
  | 'unknown-symbol'
  /** Binance refused the request's parameters (HTTP 4xx other than rate limits). */
  | 'refused'
  /** Binance kept answering 429/418/5xx or could not be reached, after every retry. */
  | 'unavailable'
  /** The answer did not have the shape Binance documents. */
  | 'bad-response'
  /** The caller cancelled (job cancel or shutdown). */
  | 'cancelled';

/** A REST failure with a sentence the user can act on; `cause` keeps the underlying error. */
export class BinanceRestError extends Error {
  override readonly name = 'BinanceRestError';

  constructor(
    readonly failure: BinanceRestFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
