import { BinanceSymbol } from '../../shared/contract/index.js';

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
  const symbols = new Set<string>();
  const invalid: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    if (!part) continue;
    const symbol = part.toUpperCase();
    if (BinanceSymbol.safeParse(symbol).success) symbols.add(symbol);
    else if (!invalid.includes(part)) invalid.push(part);
  }
  return { symbols: [...symbols], invalid };
}

/** The inline message for a symbols field, or null when it is usable. */
export function symbolListError(parsed: ParsedSymbols): string | null {
  if (parsed.invalid.length > 0) {
    const shown = parsed.invalid
      .slice(0, 5)
      .map((s) => `"${s}"`)
      .join(', ');
    const more = parsed.invalid.length > 5 ? ` and ${parsed.invalid.length - 5} more` : '';
    return `Not Binance symbols: ${shown}${more}. A symbol is letters and digits only, e.g. BTCUSDT.`;
  }
  if (parsed.symbols.length === 0) return 'Enter at least one symbol, e.g. BTCUSDT.';
  return null;
}
