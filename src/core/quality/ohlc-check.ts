/**
 * Whether a bar's prices and volume can be real: every price a positive finite number, high at or
 * above open, close and low, low at or below open and close, volume finite and not negative.
 * Written as plain comparisons on numbers because it runs once per bar.
 */
export function isSoundBar(open: number, high: number, low: number, close: number, volume: number): boolean {
  // `x > 0 && x < Infinity` is false for NaN, zero, negatives and infinities alike.
  if (!(open > 0 && open < Infinity && high > 0 && high < Infinity)) return false;
  if (!(low > 0 && low < Infinity && close > 0 && close < Infinity)) return false;
  if (!(volume >= 0 && volume < Infinity)) return false;
  return high >= open && high >= close && high >= low && low <= open && low <= close;
}

/** The first thing wrong with a bar that `isSoundBar` rejected, in words. */
export function describeBarFault(
  open: number,
  high: number,
  low: number,
  close: number,
  volume: number,
): string {
  const prices = { open, high, low, close };
  for (const [name, value] of Object.entries(prices)) {
    if (!Number.isFinite(value)) return `${name} is not a number (${value})`;
    if (value <= 0) return `${name} ${value} is not positive`;
  }
  if (!Number.isFinite(volume)) return `volume is not a number (${volume})`;
  if (volume < 0) return `volume ${volume} is negative`;
  if (high < low) return `high ${high} is below low ${low}`;
  if (high < Math.max(open, close))
    return `high ${high} is below ${open >= close ? `open ${open}` : `close ${close}`}`;
  if (low > Math.min(open, close))
    return `low ${low} is above ${open <= close ? `open ${open}` : `close ${close}`}`;
  return 'prices are inconsistent';
}
