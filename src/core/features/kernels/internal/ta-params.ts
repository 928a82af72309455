/**
 * Argument checks shared by the TA-Lib-compatible kernels (SMA, EMA, RSI, ATR, MACD, Bollinger,
 * stochastic, ADX, ROC, log returns, realised volatility) and their streaming twins. Errors name the
 * kernel and the argument, so a bad feature parameter is traced to its definition.
 */

/** TA-Lib's upper bound on every period option. */
export const TA_MAX_PERIOD = 100_000;

/** Refuses a period outside TA-Lib's range for that option ([min, 100000], integer). */
export function checkTaPeriod(where: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > TA_MAX_PERIOD) {
    throw new Error(`${where}: ${name} must be an integer from ${min} to ${TA_MAX_PERIOD}, got ${value}`);
  }
}

/** Refuses a multiplier that is not a finite number (e.g. Bollinger's deviations). */
export function checkFinite(where: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new Error(`${where}: ${name} must be a finite number, got ${value}`);
}

/** The common length of the input columns; refuses columns of different lengths. */
export function inputLength(where: string, columns: Record<string, Float64Array>): number {
  let n = -1;
  let first = '';
  for (const name in columns) {
    const len = columns[name].length;
    if (n < 0) {
      n = len;
      first = name;
    } else if (len !== n) {
      throw new Error(`${where}: ${first} has ${n} bars but ${name} has ${len}`);
    }
  }
  return Math.max(n, 0);
}

/** The caller's output array (at least n long) or a new one of length n. */
export function outputFor(where: string, n: number, out?: Float64Array, name = 'out'): Float64Array {
  if (!out) return new Float64Array(n);
  if (out.length < n) throw new Error(`${where}: ${name} holds ${out.length} values, need ${n}`);
  return out;
}

/** Refuses a saved stream state of the wrong length (a state from other parameters or versions). */
export function checkStateLength(where: string, state: Float64Array, expected: number): void {
  if (state.length !== expected) {
    throw new Error(`${where}: state has ${state.length} numbers, expected ${expected} for these parameters`);
  }
}
