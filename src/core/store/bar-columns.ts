/** Columns every bar source provides. Times are UTC epoch milliseconds of the bar's open. */
export const CORE_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
/** Columns some sources add (Binance klines have all four). */
export const EXTRA_COLUMNS = ['quoteVolume', 'trades', 'takerBuyBase', 'takerBuyQuote'] as const;

export type CoreColumn = (typeof CORE_COLUMNS)[number];
export type ExtraColumn = (typeof EXTRA_COLUMNS)[number];

/** A run of bars as parallel typed arrays of one length, in strictly increasing time. */
export type BarColumns = Record<CoreColumn, Float64Array> & Partial<Record<ExtraColumn, Float64Array>>;

export function barCount(columns: BarColumns): number {
  return columns.time.length;
}

/** Rows [start, end) of every present column, as views over the same memory (nothing is copied). */
export function sliceColumns(columns: BarColumns, start: number, end: number): BarColumns {
  const out = {} as BarColumns;
  for (const name of [...CORE_COLUMNS, ...EXTRA_COLUMNS]) {
    const col = columns[name];
    if (col) out[name] = col.subarray(start, end);
  }
  return out;
}

/** Empty columns of the given length, with or without the extra columns. */
export function allocateColumns(length: number, withExtras: boolean): BarColumns {
  const out = {} as BarColumns;
  for (const name of CORE_COLUMNS) out[name] = new Float64Array(length);
  if (withExtras) for (const name of EXTRA_COLUMNS) out[name] = new Float64Array(length);
  return out;
}
