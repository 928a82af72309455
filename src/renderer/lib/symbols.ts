import { BinanceSymbol } from '../../shared/contract/index.js';
import { listError, parseUpperCaseList } from './list-parse.js';

export interface ParsedSymbols {
  /** Upper-cased, valid, in the order typed, each once. */
  symbols: string[];
  /** Entries that are not Binance symbols even after upper-casing, as typed. */
  invalid: string[];
}

/**
 * The symbols field takes a list separated by commas, spaces, semicolons or new lines (pasted from a
 * spreadsheet, a chat or the exchange's site). Case does not matter: Binance symbols are upper-case.
 */
export function parseSymbolList(text: string): ParsedSymbols {
  const { valid, invalid } = parseUpperCaseList(text, (s) => BinanceSymbol.safeParse(s).success);
  return { symbols: valid, invalid };
}

/** The inline message for a symbols field, or null when it is usable. */
export function symbolListError(parsed: ParsedSymbols): string | null {
  return listError(parsed, parsed.symbols.length, {
    notValid: 'Not Binance symbols',
    rule: 'A symbol is letters and digits only, e.g. BTCUSDT.',
    empty: 'Enter at least one symbol, e.g. BTCUSDT.',
  });
}
