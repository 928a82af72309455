import { StockTicker } from '../../shared/contract/index.js';

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
  const tickers = new Set<string>();
  const invalid: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    if (!part) continue;
    const ticker = part.toUpperCase();
    if (StockTicker.safeParse(ticker).success) tickers.add(ticker);
    else if (!invalid.includes(part)) invalid.push(part);
  }
  return { tickers: [...tickers], invalid };
}

/** The inline message for a tickers field, or null when it is usable. */
export function tickerListError(parsed: ParsedTickers): string | null {
  if (parsed.invalid.length > 0) {
    const shown = parsed.invalid
      .slice(0, 5)
      .map((s) => `"${s}"`)
      .join(', ');
    const more = parsed.invalid.length > 5 ? ` and ${parsed.invalid.length - 5} more` : '';
    return `Not tickers: ${shown}${more}. A ticker is letters, digits, "." or "-" and starts with a letter, e.g. AAPL or BRK.B.`;
  }
  if (parsed.tickers.length === 0) return 'Enter at least one ticker, e.g. AAPL.';
  return null;
}

/** A ticker list as a field shows it: "AAPL, MSFT, SPY". */
export function formatTickerList(tickers: readonly string[]): string {
  return tickers.join(', ');
}
