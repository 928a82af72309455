import { checkLengths, checkPeriod, outputArray } from './internal/rolling-params.js';
import { RollingExtreme } from './internal/rolling-extreme.js';
import { RollingRing } from './internal/rolling-ring.js';

/**
 * Distance from the close to the nearest confirmed support and resistance pivots (TA-Lib has none).
 *
 * A pivot high at bar j: high[j] is above every high of the `span` bars before it and at least every
 * high of the `span` bars after it (of equal highs on a plateau, the first one is the pivot).
 * Pivot lows mirror that with lows. The pivot is only CONFIRMED at bar j + span, when the bars after
 * it have closed, so the value at bar i uses pivots with j ≤ i − span: no look-ahead.
 *
 * At bar i, among the confirmed pivots whose bar lies in the last `lookback` bars (j > i − lookback):
 * - resistance = the lowest pivot high at or above the close; `resistance` = (level − close) / close;
 * - support = the highest pivot low at or below the close; `support` = (close − level) / close.
 * Both are fractions of the close (0.01 = 1 %), ≥ 0, and NaN when no such pivot exists (e.g. a
 * close above every recent pivot high has no resistance), or the close is NaN. Pivot highs below the
 * close are not counted as support (nor lows above it as resistance).
 *
 * A window of 2·span + 1 bars holding a NaN high (low) finds no pivot high (low) at its centre.
 * Detection uses monotonic deques (O(1) amortised); the pivots kept are at most
 * ceil(lookback / (span + 1)) + 1 per side (two pivot highs are more than `span` bars apart), and the
 * nearest one is found by scanning them.
 */
export interface PivotParams {
  /** Bars on each side of a pivot (its confirmation delay). */
  span: number;
  /** Pivots older than this many bars are forgotten. */
  lookback: number;
}

export interface PivotDistances {
  resistance: Float64Array;
  support: Float64Array;
}

export function pivotDistances(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  params: PivotParams,
  out?: PivotDistances,
): PivotDistances {
  const n = checkLengths('pivotDistances', { high, low, close });
  const resistance = outputArray('pivotDistances', n, out?.resistance);
  const support = outputArray('pivotDistances', n, out?.support);
  const state = new PivotState(params, 'pivotDistances');
  for (let i = 0; i < n; i++) {
    state.step(i, high[i], low[i], close[i]);
    resistance[i] = state.resistance;
    support[i] = state.support;
  }
  return { resistance, support };
}

/** Detection deques and the confirmed pivots of one side (highs or lows). */
class PivotSide {
  readonly window: RollingExtreme;
  readonly bars: RollingRing;
  readonly levels: RollingRing;
  /** Index of the last bar with a NaN value on this side. */
  lastBad = -Infinity;

  constructor(span: number, lookback: number, kind: 'max' | 'min') {
    this.window = new RollingExtreme(2 * span + 1, kind);
    const capacity = Math.ceil(lookback / (span + 1)) + 1;
    this.bars = new RollingRing(capacity);
    this.levels = new RollingRing(capacity);
  }

  /** Adds bar i's value; records bar i − span as a pivot when it is the window's first extreme. */
  step(i: number, value: number, span: number): void {
    const first = i - 2 * span;
    this.window.evictBefore(first);
    if (value === value) this.window.push(i, value);
    else this.lastBad = i;
    if (first >= 0 && this.lastBad < first && this.window.frontIndex() === i - span) {
      this.bars.push(i - span);
      this.levels.push(this.window.front());
    }
  }

  get stateSize(): number {
    return 1 + this.window.stateSize + this.bars.stateSize + this.levels.stateSize;
  }

  writeTo(state: Float64Array, offset: number): void {
    state[offset] = this.lastBad;
    this.window.writeTo(state, offset + 1);
    this.bars.writeTo(state, offset + 1 + this.window.stateSize);
    this.levels.writeTo(state, offset + 1 + this.window.stateSize + this.bars.stateSize);
  }

  readFrom(state: Float64Array, offset: number): void {
    this.lastBad = state[offset];
    this.window.readFrom(state, offset + 1);
    this.bars.readFrom(state, offset + 1 + this.window.stateSize);
    this.levels.readFrom(state, offset + 1 + this.window.stateSize + this.bars.stateSize);
  }
}

/** Both sides and the latest distances; shared by the batch loop and the stream. */
class PivotState {
  readonly highs: PivotSide;
  readonly lows: PivotSide;
  resistance = Number.NaN;
  support = Number.NaN;

  constructor(
    readonly params: PivotParams,
    where: string,
  ) {
    checkPeriod(where, params.span, 'span');
    checkPeriod(where, params.lookback, 'lookback');
    this.highs = new PivotSide(params.span, params.lookback, 'max');
    this.lows = new PivotSide(params.span, params.lookback, 'min');
  }

  step(i: number, h: number, l: number, c: number): void {
    const { span, lookback } = this.params;
    this.highs.step(i, h, span);
    this.lows.step(i, l, span);
    const oldest = i - lookback; // pivots at or before this bar are forgotten
    let above = Infinity;
    const hb = this.highs.bars;
    const hl = this.highs.levels;
    for (let k = 0; k < hb.length; k++) {
      const level = hl.at(k);
      if (hb.at(k) > oldest && level >= c && level < above) above = level;
    }
    let below = -Infinity;
    const lb = this.lows.bars;
    const ll = this.lows.levels;
    for (let k = 0; k < lb.length; k++) {
      const level = ll.at(k);
      if (lb.at(k) > oldest && level <= c && level > below) below = level;
    }
    this.resistance = above < Infinity ? (above - c) / c : Number.NaN;
    this.support = below > -Infinity ? (c - below) / c : Number.NaN;
  }
}

/** One bar of `pivotDistances`. */
export interface PivotDistancesValue {
  resistance: number;
  support: number;
}

/**
 * Pivot distances bar by bar; `update` returns what `pivotDistances` gives at that bar. The returned
 * object is reused by the next update. State: [bars seen, pivot highs side, pivot lows side].
 */
export class PivotDistancesStream {
  private readonly state: PivotState;
  private readonly value: PivotDistancesValue = { resistance: NaN, support: NaN };
  private count = 0;

  constructor(readonly params: PivotParams) {
    this.state = new PivotState(params, 'PivotDistancesStream');
  }

  update(high: number, low: number, close: number): PivotDistancesValue {
    this.state.step(this.count++, high, low, close);
    this.value.resistance = this.state.resistance;
    this.value.support = this.state.support;
    return this.value;
  }

  snapshot(): Float64Array {
    const { highs, lows } = this.state;
    const out = new Float64Array(1 + highs.stateSize + lows.stateSize);
    out[0] = this.count;
    highs.writeTo(out, 1);
    lows.writeTo(out, 1 + highs.stateSize);
    return out;
  }

  static restore(params: PivotParams, state: Float64Array): PivotDistancesStream {
    const s = new PivotDistancesStream(params);
    const { highs, lows } = s.state;
    const size = 1 + highs.stateSize + lows.stateSize;
    if (state.length !== size) {
      throw new Error(
        `PivotDistancesStream.restore: span ${params.span}, lookback ${params.lookback} need ${size} numbers, got ${state.length}`,
      );
    }
    s.count = state[0];
    highs.readFrom(state, 1);
    lows.readFrom(state, 1 + highs.stateSize);
    return s;
  }
}
