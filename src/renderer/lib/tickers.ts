import { StockTicker } from '../../shared/contract/index.js';
import { listError, parseUpperCaseList } from './list-parse.js';

export interface ParsedTickers {
  /** Upper-cased, valid, in the order typed, each once. */
  tickers: string[];
  /** Entries that are not tickers even after upper-casing, as typed. */
  invalid: string[];
}

/**
 * A tickers field takes a list separated by commas, spaces, semicolons or new lines (pasted from a
 * watchlist or a spreadsheet). Case does not matter; "." and "-" belong to tickers (BRK.B, BF-B).
 */
export function parseTickerList(text: string): ParsedTickers {
  const { valid, invalid } = parseUpperCaseList(text, (t) => StockTicker.safeParse(t).success);
  return { tickers: valid, invalid };
}

/** The inline message for a tickers field, or null when it is usable. */
export function tickerListError(parsed: ParsedTickers): string | null {
  return listError(parsed, parsed.tickers.length, {
    notValid: 'Not tickers',
    rule: 'A ticker is letters, digits, "." or "-" and starts with a letter, e.g. AAPL or BRK.B.',
    empty: 'Enter at least one ticker, e.g. AAPL.',
  });
}

/** A ticker list as a field shows it: "AAPL, MSFT, SPY". */
export function formatTickerList(tickers: readonly string[]): string {
  return tickers.join(', ');
}
