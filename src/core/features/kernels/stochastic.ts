import { checkStateLength, checkTaPeriod, inputLength, outputFor } from './internal/ta-params.js';
import { SmaStream } from './sma.js';

export interface StochasticParams {
  /** Window of the raw %K (highest high, lowest low). */
  fastK: number;
  /** SMA period turning raw %K into slow %K. */
  slowK: number;
  /** SMA period turning slow %K into slow %D. */
  slowD: number;
}

export interface StochasticOutput {
  k: Float64Array;
  d: Float64Array;
}

export const STOCHASTIC_DEFAULTS: StochasticParams = Object.freeze({ fastK: 14, slowK: 3, slowD: 3 });

/**
 * Slow stochastic, as TA-Lib's STOCH (ta_STOCH.c) with both MA types 0 (SMA): raw %K =
 * (close − lowest low) / ((highest high − lowest low) / 100) over the last `fastK` bars (0 when the
 * range is 0), slow %K = SMA(slowK) of raw %K, slow %D = SMA(slowD) of slow %K, both SMAs with
 * TA-Lib's running totals started at the first raw %K. Both outputs start at TA-Lib's begIndex
 * (fastK − 1) + (slowK − 1) + (slowD − 1) (17 for 14/3/3); NaN before.
 *
 * The window extremes are tracked like TA-Lib (keep the extreme's index, rescan the window when it
 * leaves), which also fixes how NaN inputs behave: a NaN high or low is skipped by the comparisons
 * unless a rescan starts on it; a NaN close makes that raw %K NaN, which enters the SMA totals, so
 * every later value is NaN, as in TA-Lib.
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  params: StochasticParams = STOCHASTIC_DEFAULTS,
  out?: Partial<StochasticOutput>,
): StochasticOutput {
  const { fastK, slowK, slowD } = checkStochasticParams('stochastic', params);
  const n = inputLength('stochastic', { high, low, close });
  const res: StochasticOutput = {
    k: outputFor('stochastic', n, out?.k, 'out.k'),
    d: outputFor('stochastic', n, out?.d, 'out.d'),
  };
  const begin = stochasticLookback(params);
  res.k.fill(Number.NaN, 0, Math.min(begin, n));
  res.d.fill(Number.NaN, 0, Math.min(begin, n));
  if (n <= begin) return res;
  // The last slowK raw %K and the last slowD slow %K, for the SMA totals (per call, not per bar).
  const kRing = new Float64Array(slowK);
  const dRing = new Float64Array(slowD);
  let kHead = 0;
  let dHead = 0;
  let kTotal = 0;
  let dTotal = 0;
  let lowestIdx = -1;
  let highestIdx = -1;
  let lowest = 0;
  let highest = 0;
  const firstSlowK = fastK - 1 + slowK - 1;
  for (let today = fastK - 1, trailing = 0; today < n; today++, trailing++) {
    let tmp = low[today];
    if (lowestIdx < trailing) {
      lowestIdx = trailing;
      lowest = low[trailing];
      for (let j = trailing + 1; j <= today; j++) {
        tmp = low[j];
        if (tmp < lowest) {
          lowestIdx = j;
          lowest = tmp;
        }
      }
    } else if (tmp <= lowest) {
      lowestIdx = today;
      lowest = tmp;
    }
    tmp = high[today];
    if (highestIdx < trailing) {
      highestIdx = trailing;
      highest = high[trailing];
      for (let j = trailing + 1; j <= today; j++) {
        tmp = high[j];
        if (tmp > highest) {
          highestIdx = j;
          highest = tmp;
        }
      }
    } else if (tmp >= highest) {
      highestIdx = today;
      highest = tmp;
    }
    const rawK = rawStochastic(close[today], lowest, highest);
    // Slow %K: TA-Lib's INT_SMA running total over raw %K.
    kTotal += rawK;
    kRing[kHead] = rawK;
    kHead = kHead + 1 === slowK ? 0 : kHead + 1;
    if (today < firstSlowK) continue;
    const kSum = kTotal;
    kTotal -= kRing[kHead];
    const slowKValue = kSum / slowK;
    // Slow %D: the same over slow %K.
    dTotal += slowKValue;
    dRing[dHead] = slowKValue;
    dHead = dHead + 1 === slowD ? 0 : dHead + 1;
    if (today < begin) continue;
    const dSum = dTotal;
    dTotal -= dRing[dHead];
    res.k[today] = slowKValue;
    res.d[today] = dSum / slowD;
  }
  return res;
}

/** TA-Lib's STOCH lookback: the first index where both outputs are valid. */
export function stochasticLookback(params: StochasticParams): number {
  return params.fastK - 1 + params.slowK - 1 + params.slowD - 1;
}

/** Raw %K as TA-Lib writes it: a division by (range / 100), not a multiplication by 100. */
function rawStochastic(close: number, lowest: number, highest: number): number {
  const diff = (highest - lowest) / 100;
  return diff !== 0 ? (close - lowest) / diff : 0;
}

function checkStochasticParams(where: string, params: StochasticParams): StochasticParams {
  checkTaPeriod(where, 'fastK', params.fastK, 1);
  checkTaPeriod(where, 'slowK', params.slowK, 1);
  checkTaPeriod(where, 'slowD', params.slowD, 1);
  return params;
}

/** One bar of the slow stochastic (NaN during warm-up). */
export interface StochasticValue {
  k: number;
  d: number;
}

const NO_STOCH: StochasticValue = Object.freeze({ k: Number.NaN, d: Number.NaN });

/**
 * The slow stochastic bar by bar; `update` returns what `stochastic` gives at that bar. The last
 * `fastK` highs and lows sit in rings addressed by absolute bar index, so the extremes follow
 * TA-Lib's keep-index-and-rescan rule exactly as the batch does; two SmaStreams smooth.
 * State: [count, lowestIdx, highestIdx, lowest, highest, highs × fastK, lows × fastK, slow %K SMA, slow %D SMA].
 */
export class StochasticStream {
  readonly params: StochasticParams;
  private readonly highs: Float64Array;
  private readonly lows: Float64Array;
  private readonly kSma: SmaStream;
  private readonly dSma: SmaStream;
  private count = 0;
  private lowestIdx = -1;
  private highestIdx = -1;
  private lowest = 0;
  private highest = 0;

  constructor(params: StochasticParams = STOCHASTIC_DEFAULTS) {
    this.params = checkStochasticParams('StochasticStream', params);
    this.highs = new Float64Array(params.fastK);
    this.lows = new Float64Array(params.fastK);
    this.kSma = new SmaStream(params.slowK);
    this.dSma = new SmaStream(params.slowD);
  }

  update(high: number, low: number, close: number): StochasticValue {
    const { fastK } = this.params;
    const today = this.count++;
    this.highs[today % fastK] = high;
    this.lows[today % fastK] = low;
    const trailing = today - fastK + 1;
    if (trailing < 0) return NO_STOCH;
    if (this.lowestIdx < trailing) {
      this.lowestIdx = trailing;
      this.lowest = this.lows[trailing % fastK];
      for (let j = trailing + 1; j <= today; j++) {
        const tmp = this.lows[j % fastK];
        if (tmp < this.lowest) {
          this.lowestIdx = j;
          this.lowest = tmp;
        }
      }
    } else if (low <= this.lowest) {
      this.lowestIdx = today;
      this.lowest = low;
    }
    if (this.highestIdx < trailing) {
      this.highestIdx = trailing;
      this.highest = this.highs[trailing % fastK];
      for (let j = trailing + 1; j <= today; j++) {
        const tmp = this.highs[j % fastK];
        if (tmp > this.highest) {
          this.highestIdx = j;
          this.highest = tmp;
        }
      }
    } else if (high >= this.highest) {
      this.highestIdx = today;
      this.highest = high;
    }
    const slowKValue = this.kSma.update(rawStochastic(close, this.lowest, this.highest));
    if (today < fastK - 1 + this.params.slowK - 1) return NO_STOCH;
    const slowDValue = this.dSma.update(slowKValue);
    if (today < stochasticLookback(this.params)) return NO_STOCH;
    return { k: slowKValue, d: slowDValue };
  }

  private get ringSize(): number {
    return 5 + 2 * this.params.fastK;
  }

  snapshot(): Float64Array {
    const { slowK, slowD } = this.params;
    const state = new Float64Array(this.ringSize + SmaStream.stateSize(slowK) + SmaStream.stateSize(slowD));
    state[0] = this.count;
    state[1] = this.lowestIdx;
    state[2] = this.highestIdx;
    state[3] = this.lowest;
    state[4] = this.highest;
    state.set(this.highs, 5);
    state.set(this.lows, 5 + this.params.fastK);
    this.kSma.writeTo(state, this.ringSize);
    this.dSma.writeTo(state, this.ringSize + SmaStream.stateSize(slowK));
    return state;
  }

  static restore(params: StochasticParams, state: Float64Array): StochasticStream {
    const s = new StochasticStream(params);
    const { fastK, slowK, slowD } = s.params;
    checkStateLength(
      'StochasticStream.restore',
      state,
      s.ringSize + SmaStream.stateSize(slowK) + SmaStream.stateSize(slowD),
    );
    s.count = state[0];
    s.lowestIdx = state[1];
    s.highestIdx = state[2];
    s.lowest = state[3];
    s.highest = state[4];
    s.highs.set(state.subarray(5, 5 + fastK));
    s.lows.set(state.subarray(5 + fastK, 5 + 2 * fastK));
    s.kSma.readFrom(state, s.ringSize);
    s.dSma.readFrom(state, s.ringSize + SmaStream.stateSize(slowK));
    return s;
  }
}
