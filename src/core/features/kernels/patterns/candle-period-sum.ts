import { candleRange, type CandleSetting } from './candle-settings.js';

/**
 * The running sums behind TA_CANDLEAVERAGE, as TA-Lib keeps them. A pattern function whose first
 * output is at index `start` seeds each sum by adding the ranges of candles start − avgPeriod ..
 * start − 1 one by one from 0, then after judging candle i does `sum += range(i) − range(i −
 * avgPeriod)`. Floating-point sums depend on that exact order, so the batch kernels and the streams
 * both reproduce it: the batch kernels with `seedCandleSum` and index arithmetic, the streams with
 * `CandlePeriodSum`'s ring of the last avgPeriod ranges.
 */

/** Σ range(k) for k in [from, to), added in index order from 0 (TA-Lib's seeding loop). */
export function seedCandleSum(
  setting: CandleSetting,
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  from: number,
  to: number,
): number {
  let sum = 0;
  for (let k = from; k < to; k++) sum += candleRange(setting.rangeType, open[k], high[k], low[k], close[k]);
  return sum;
}

/**
 * Streaming twin of one TA-Lib period total. Feed the range of every candle in order with `push`;
 * `sum` is, before pushing candle k ≥ `start`, exactly the total TA-Lib compares candle k against.
 * Candles before start − avgPeriod only advance the count (TA-Lib never reads them).
 */
export class CandlePeriodSum {
  readonly period: number;
  /** Index of the first candle judged against this sum (the pattern's lookback). */
  readonly start: number;
  private count = 0;
  private total = 0;
  private head = 0;
  private readonly ring: Float64Array;

  constructor(setting: CandleSetting, start: number) {
    if (!Number.isInteger(start) || start < setting.avgPeriod) {
      throw new RangeError(
        `CandlePeriodSum: start ${start} must be an integer ≥ the average period ${setting.avgPeriod}`,
      );
    }
    this.period = setting.avgPeriod;
    this.start = start;
    this.ring = new Float64Array(this.period);
  }

  /** The total TA-Lib holds when it judges the next candle to be pushed. */
  get sum(): number {
    return this.total;
  }

  push(range: number): void {
    const k = this.count++;
    const period = this.period;
    if (period === 0 || k < this.start - period) return;
    if (k < this.start) this.total += range;
    else this.total += range - this.ring[this.head];
    this.ring[this.head] = range;
    this.head = this.head + 1 === period ? 0 : this.head + 1;
  }

  /** Values `snapshot` writes: count, total, head, then the ring. */
  get stateLength(): number {
    return 3 + this.period;
  }

  /** Writes the state into `out` at `offset`; returns the offset after it. */
  writeState(out: Float64Array, offset: number): number {
    out[offset] = this.count;
    out[offset + 1] = this.total;
    out[offset + 2] = this.head;
    out.set(this.ring, offset + 3);
    return offset + this.stateLength;
  }

  /** Reads a state written by `writeState` of a sum with the same setting and start. */
  readState(state: Float64Array, offset: number): number {
    if (state.length < offset + this.stateLength) {
      throw new RangeError(
        `CandlePeriodSum: state too short (${state.length} values, need ${offset + this.stateLength})`,
      );
    }
    this.count = state[offset];
    this.total = state[offset + 1];
    this.head = state[offset + 2];
    this.ring.set(state.subarray(offset + 3, offset + this.stateLength));
    return offset + this.stateLength;
  }
}
