import { checkFinite, checkStateLength, checkTaPeriod, outputFor } from './internal/ta-params.js';

export interface BollingerParams {
  period: number;
  /** Standard deviations above the middle band. */
  devUp: number;
  /** Standard deviations below the middle band. */
  devDown: number;
}

export interface BollingerOutput {
  upper: Float64Array;
  middle: Float64Array;
  lower: Float64Array;
}

export const BOLLINGER_DEFAULTS: BollingerParams = Object.freeze({ period: 20, devUp: 2, devDown: 2 });

/** TA-Lib's TA_IS_ZERO_OR_NEG tolerance (ta_utility.h). */
const TA_EPSILON = 1e-14;

/**
 * Bollinger bands, as TA-Lib's BBANDS with optInMAType 0 (SMA) (ta_BBANDS.c, and
 * INT_stddev_using_precalc_ma in ta_STDDEV.c): middle = SMA(period) with TA-Lib's running total;
 * the POPULATION standard deviation, computed as TA-Lib does from a running sum of squares,
 * sqrt(Σx²/period − middle²), and 0 when that variance is below 1e-14; upper = middle + devUp·std,
 * lower = middle − devDown·std. First valid index period − 1; NaN before.
 *
 * The sum-of-squares form loses precision when the spread is tiny next to the price (the issue
 * allows 1e-7 relative against TA-Lib for that reason); we keep it to stay equal to TA-Lib.
 * NaN inputs: as in TA-Lib, a NaN enters both running sums and every later value is NaN.
 */
export function bollinger(
  x: Float64Array,
  params: BollingerParams = BOLLINGER_DEFAULTS,
  out?: Partial<BollingerOutput>,
): BollingerOutput {
  const { period, devUp, devDown } = checkBollingerParams('bollinger', params);
  const n = x.length;
  const res: BollingerOutput = {
    upper: outputFor('bollinger', n, out?.upper, 'out.upper'),
    middle: outputFor('bollinger', n, out?.middle, 'out.middle'),
    lower: outputFor('bollinger', n, out?.lower, 'out.lower'),
  };
  const { upper, middle, lower } = res;
  const lookback = period - 1;
  const warm = Math.min(lookback, n);
  upper.fill(Number.NaN, 0, warm);
  middle.fill(Number.NaN, 0, warm);
  lower.fill(Number.NaN, 0, warm);
  if (n <= lookback) return res;
  let total = 0;
  let total2 = 0;
  for (let i = 0; i < lookback; i++) {
    const v = x[i];
    total += v;
    total2 += v * v;
  }
  for (let i = lookback, trailing = 0; i < n; i++, trailing++) {
    const v = x[i];
    const old = x[trailing];
    total += v;
    const mid = total / period;
    total -= old;
    total2 += v * v;
    const meanSquare = total2 / period;
    total2 -= old * old;
    const variance = meanSquare - mid * mid;
    const std = variance < TA_EPSILON ? 0 : Math.sqrt(variance);
    middle[i] = mid;
    upper[i] = mid + std * devUp;
    lower[i] = mid - std * devDown;
  }
  return res;
}

function checkBollingerParams(where: string, params: BollingerParams): BollingerParams {
  checkTaPeriod(where, 'period', params.period, 2);
  checkFinite(where, 'devUp', params.devUp);
  checkFinite(where, 'devDown', params.devDown);
  return params;
}

/** One bar of Bollinger bands (NaN during warm-up). */
export interface BollingerValue {
  upper: number;
  middle: number;
  lower: number;
}

const NO_BANDS: BollingerValue = Object.freeze({ upper: Number.NaN, middle: Number.NaN, lower: Number.NaN });

/**
 * Bollinger bands bar by bar; `update(x)` returns what `bollinger` gives at that bar: the same two
 * running sums, with the last `period` values in a ring. State: [count, total, total2, head, ring × period].
 */
export class BollingerStream {
  readonly params: BollingerParams;
  private readonly ring: Float64Array;
  private count = 0;
  private total = 0;
  private total2 = 0;
  private head = 0;

  constructor(params: BollingerParams = BOLLINGER_DEFAULTS) {
    this.params = checkBollingerParams('BollingerStream', params);
    this.ring = new Float64Array(params.period);
  }

  update(x: number): BollingerValue {
    const { period, devUp, devDown } = this.params;
    this.ring[this.head] = x;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
    if (this.count < period) this.count++;
    if (this.count < period) {
      this.total += x;
      this.total2 += x * x;
      return NO_BANDS;
    }
    // The ring is full: the slot the next value will take holds the value leaving the window.
    const old = this.ring[this.head];
    this.total += x;
    const mid = this.total / period;
    this.total -= old;
    this.total2 += x * x;
    const meanSquare = this.total2 / period;
    this.total2 -= old * old;
    const variance = meanSquare - mid * mid;
    const std = variance < TA_EPSILON ? 0 : Math.sqrt(variance);
    return { upper: mid + std * devUp, middle: mid, lower: mid - std * devDown };
  }

  static stateSize(period: number): number {
    return 4 + period;
  }

  snapshot(): Float64Array {
    const state = new Float64Array(BollingerStream.stateSize(this.params.period));
    state[0] = this.count;
    state[1] = this.total;
    state[2] = this.total2;
    state[3] = this.head;
    state.set(this.ring, 4);
    return state;
  }

  static restore(params: BollingerParams, state: Float64Array): BollingerStream {
    const s = new BollingerStream(params);
    checkStateLength('BollingerStream.restore', state, BollingerStream.stateSize(params.period));
    s.count = state[0];
    s.total = state[1];
    s.total2 = state[2];
    s.head = state[3];
    s.ring.set(state.subarray(4));
    return s;
  }
}
