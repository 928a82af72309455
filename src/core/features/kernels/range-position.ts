import { checkTaPeriod, inputLength, outputFor } from './internal/ta-params.js';
import { RollingExtreme } from './internal/rolling-extreme.js';

/**
 * Price position in the N-bar range: (close − lowest low) / (highest high − lowest low) over the
 * last `period` bars including the current one; the extremes are TA-Lib's MAX(high) and MIN(low).
 * 0 at the range's low, 1 at its high. NaN for the first period − 1 bars, for a NaN close, and while
 * a bar with a NaN high or low is in the window. A flat window (highest high = lowest low) gives 0.5,
 * the middle of an empty range.
 *
 * The extremes come from monotonic deques over preallocated rings (O(1) amortised per bar).
 */
export function rangePosition(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  checkTaPeriod('rangePosition', 'period', period, 1);
  const n = inputLength('rangePosition', { high, low, close });
  const res = outputFor('rangePosition', n, out);
  // The two deques of RangeState written out over raw rings: this loop is the hot path of the
  // feature matrix, and the method calls cost about half its time. Same values as the stream (the
  // extremes are exact whichever way they are found).
  const size = 2 ** Math.ceil(Math.log2(period));
  const mask = size - 1;
  const hiBar = new Float64Array(size);
  const hiVal = new Float64Array(size);
  const loBar = new Float64Array(size);
  const loVal = new Float64Array(size);
  let hiHead = 0;
  let hiTail = 0;
  let loHead = 0;
  let loTail = 0;
  let lastBad = -Infinity;
  for (let i = 0; i < n; i++) {
    const first = i + 1 - period;
    while (hiHead !== hiTail && hiBar[hiHead & mask] < first) hiHead++;
    while (loHead !== loTail && loBar[loHead & mask] < first) loHead++;
    const h = high[i];
    const l = low[i];
    if (h === h && l === l) {
      while (hiTail !== hiHead && hiVal[(hiTail - 1) & mask] < h) hiTail--;
      hiBar[hiTail & mask] = i;
      hiVal[hiTail & mask] = h;
      hiTail++;
      while (loTail !== loHead && loVal[(loTail - 1) & mask] > l) loTail--;
      loBar[loTail & mask] = i;
      loVal[loTail & mask] = l;
      loTail++;
    } else lastBad = i;
    res[i] =
      first < 0 || lastBad >= first
        ? Number.NaN
        : positionIn(hiVal[hiHead & mask], loVal[loHead & mask], close[i]);
  }
  return res;
}

/** (close − low) / (high − low); 0.5 in a flat range; NaN for a NaN close. */
function positionIn(hh: number, ll: number, c: number): number {
  const range = hh - ll;
  if (range > 0) return (c - ll) / range;
  return c === c ? 0.5 : Number.NaN;
}

/** The rolling extremes and the last bad bar, for the stream. */
class RangeState {
  readonly highs: RollingExtreme;
  readonly lows: RollingExtreme;
  /** Index of the last bar with a NaN high or low. */
  lastBad = -Infinity;

  constructor(readonly period: number) {
    this.highs = new RollingExtreme(period, 'max');
    this.lows = new RollingExtreme(period, 'min');
  }

  step(i: number, h: number, l: number, c: number): number {
    const first = i + 1 - this.period;
    this.highs.evictBefore(first);
    this.lows.evictBefore(first);
    if (h === h && l === l) {
      this.highs.push(i, h);
      this.lows.push(i, l);
    } else this.lastBad = i;
    if (first < 0 || this.lastBad >= first) return Number.NaN;
    return positionIn(this.highs.front(), this.lows.front(), c);
  }
}

/**
 * Range position bar by bar; `update` returns what `rangePosition` gives.
 * State: [bars seen, last bad bar, max deque, min deque].
 */
export class RangePositionStream {
  private readonly state: RangeState;
  private count = 0;

  constructor(readonly params: { period: number }) {
    checkTaPeriod('RangePositionStream', 'period', params.period, 1);
    this.state = new RangeState(params.period);
  }

  update(high: number, low: number, close: number): number {
    return this.state.step(this.count++, high, low, close);
  }

  snapshot(): Float64Array {
    const { highs, lows } = this.state;
    const out = new Float64Array(2 + highs.stateSize + lows.stateSize);
    out[0] = this.count;
    out[1] = this.state.lastBad;
    highs.writeTo(out, 2);
    lows.writeTo(out, 2 + highs.stateSize);
    return out;
  }

  static restore(params: { period: number }, state: Float64Array): RangePositionStream {
    const s = new RangePositionStream(params);
    const { highs, lows } = s.state;
    const size = 2 + highs.stateSize + lows.stateSize;
    if (state.length !== size) {
      throw new Error(
        `RangePositionStream.restore: period ${params.period} needs ${size} numbers, got ${state.length}`,
      );
    }
    s.count = state[0];
    s.state.lastBad = state[1];
    highs.readFrom(state, 2);
    lows.readFrom(state, 2 + highs.stateSize);
    return s;
  }
}
