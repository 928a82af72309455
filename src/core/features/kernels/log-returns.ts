import { checkStateLength, outputFor } from './internal/ta-params.js';

/**
 * One-bar log return ln(close[i] / close[i − 1]) (TA-Lib has none). Bar 0 has no previous close,
 * so it is NaN. One log of the ratio (not a difference of two logs), which keeps the small returns
 * of adjacent bars accurate.
 *
 * NaN inputs affect only the two returns that read them; a zero or negative price gives ±Infinity
 * or NaN for those two bars (the bar store never holds such prices).
 */
export function logReturns(close: Float64Array, out?: Float64Array): Float64Array {
  const n = close.length;
  const res = outputFor('logReturns', n, out);
  if (n === 0) return res;
  res[0] = Number.NaN;
  for (let i = 1; i < n; i++) res[i] = Math.log(close[i] / close[i - 1]);
  return res;
}

/** Log returns bar by bar; `update(close)` returns what `logReturns` gives at that bar. State: [bars seen > 0, previous close]. */
export class LogReturnStream {
  private started = false;
  private prev = Number.NaN;

  update(close: number): number {
    const value = this.started ? Math.log(close / this.prev) : Number.NaN;
    this.started = true;
    this.prev = close;
    return value;
  }

  snapshot(): Float64Array {
    return Float64Array.of(this.started ? 1 : 0, this.prev);
  }

  static restore(_params: Record<string, never>, state: Float64Array): LogReturnStream {
    checkStateLength('LogReturnStream.restore', state, 2);
    const s = new LogReturnStream();
    s.started = state[0] === 1;
    s.prev = state[1];
    return s;
  }
}
