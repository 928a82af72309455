import { checkTaPeriod, inputLength, outputFor } from './internal/ta-params.js';
import { RollingExtreme } from './internal/rolling-extreme.js';

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
 * nearest one is found by scanning them, only when a pivot came or went or the close left the gap
 * between the levels around it. ~8 Mbar/s for span 5, lookback 100 on real 1h and 1m bars.
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
  const n = inputLength('pivotDistances', { high, low, close });
  const resistance = outputFor('pivotDistances', n, out?.resistance, 'out.resistance');
  const support = outputFor('pivotDistances', n, out?.support, 'out.support');
  const state = new PivotState(params, 'pivotDistances');
  for (let i = 0; i < n; i++) {
    state.step(i, high[i], low[i], close[i]);
    resistance[i] = state.resistance;
    support[i] = state.support;
  }
  return { resistance, support };
}

/**
 * Detection deque and the confirmed pivots of one side (highs or lows). Pivots are kept in bar
 * order in a ring (power-of-two size, positions only grow) and forgotten from the front once older
 * than the lookback, so a query scans only the live ones.
 */
class PivotSide {
  readonly window: RollingExtreme;
  readonly bars: Float64Array;
  readonly levels: Float64Array;
  readonly mask: number;
  head = 0;
  tail = 0;
  /** Index of the last bar with a NaN value on this side. */
  lastBad = -Infinity;
  /** Whether the live pivots changed at the last step (the nearest-level cache must be redone). */
  changed = true;

  constructor(span: number, lookback: number, kind: 'max' | 'min') {
    this.window = new RollingExtreme(2 * span + 1, kind);
    // Two pivots of one side are more than `span` bars apart, so the live ones fit.
    const live = Math.ceil(lookback / (span + 1)) + 1;
    const size = 2 ** Math.ceil(Math.log2(live));
    this.bars = new Float64Array(size);
    this.levels = new Float64Array(size);
    this.mask = size - 1;
  }

  /**
   * Adds bar i's value; records bar i − span as a pivot when it is the window's first extreme;
   * forgets pivots at or before bar `oldest`.
   */
  step(i: number, value: number, span: number, oldest: number): void {
    const first = i - 2 * span;
    this.window.evictBefore(first);
    if (value === value) this.window.push(i, value);
    else this.lastBad = i;
    const mask = this.mask;
    const head = this.head;
    while (this.head !== this.tail && this.bars[this.head & mask] <= oldest) this.head++;
    this.changed = this.head !== head;
    if (first >= 0 && this.lastBad < first && this.window.frontIndex() === i - span && i - span > oldest) {
      if (this.tail - this.head > mask) throw new Error(`pivots: more live pivots than ${mask + 1} slots`);
      this.bars[this.tail & mask] = i - span;
      this.levels[this.tail & mask] = this.window.front();
      this.tail++;
      this.changed = true;
    }
  }

  get stateSize(): number {
    return 2 + this.window.stateSize + 1 + 2 * this.bars.length;
  }

  /** State: [last bad bar, live count, window deque, live pivots' bars, their levels (zero-padded)]. */
  writeTo(state: Float64Array, offset: number): void {
    const live = this.tail - this.head;
    const size = this.bars.length;
    state[offset] = this.lastBad;
    state[offset + 1] = live;
    this.window.writeTo(state, offset + 2);
    const at = offset + 2 + this.window.stateSize;
    state.fill(0, at, at + 2 * size);
    for (let k = 0; k < live; k++) {
      const slot = (this.head + k) & this.mask;
      state[at + k] = this.bars[slot];
      state[at + size + k] = this.levels[slot];
    }
  }

  readFrom(state: Float64Array, offset: number): void {
    const live = state[offset + 1];
    const size = this.bars.length;
    if (!(Number.isInteger(live) && live >= 0 && live <= size)) {
      throw new Error(`PivotDistancesStream.restore: ${live} live pivots, room for ${size}`);
    }
    this.lastBad = state[offset];
    this.window.readFrom(state, offset + 2);
    const at = offset + 2 + this.window.stateSize;
    this.bars.set(state.subarray(at, at + size));
    this.levels.set(state.subarray(at + size, at + 2 * size));
    this.head = 0;
    this.tail = live;
    this.changed = true;
  }
}

/**
 * Both sides and the latest distances; shared by the batch loop and the stream. The nearest levels
 * are cached with the levels bracketing the close from the other side: while no pivot came or went
 * and the close stays inside the bracket, the answer is the same and the scan is skipped (prices
 * move little from bar to bar, so most bars skip it). The cache is a pure shortcut: a scan would
 * give the same numbers, so it is not part of the state.
 */
class PivotState {
  readonly highs: PivotSide;
  readonly lows: PivotSide;
  resistance = Number.NaN;
  support = Number.NaN;
  /** Lowest pivot high ≥ close (Infinity: none), and the highest one below the close. */
  private above = Infinity;
  private aboveFloor = Infinity;
  /** Highest pivot low ≤ close (−Infinity: none), and the lowest one above the close. */
  private below = -Infinity;
  private belowCeiling = -Infinity;

  constructor(
    readonly params: PivotParams,
    where: string,
  ) {
    checkTaPeriod(where, 'span', params.span, 1);
    checkTaPeriod(where, 'lookback', params.lookback, 1);
    this.highs = new PivotSide(params.span, params.lookback, 'max');
    this.lows = new PivotSide(params.span, params.lookback, 'min');
  }

  step(i: number, h: number, l: number, c: number): void {
    const { span, lookback } = this.params;
    const oldest = i - lookback; // pivots at or before this bar are forgotten
    const highs = this.highs;
    const lows = this.lows;
    highs.step(i, h, span, oldest);
    lows.step(i, l, span, oldest);
    // A NaN close fails both bracket tests and is scanned (finding nothing).
    if (highs.changed || !(c > this.aboveFloor && c <= this.above)) {
      let above = Infinity;
      let floor = -Infinity;
      for (let p = highs.head; p !== highs.tail; p++) {
        const level = highs.levels[p & highs.mask];
        if (level >= c) {
          if (level < above) above = level;
        } else if (level > floor) floor = level;
      }
      this.above = above;
      this.aboveFloor = floor;
    }
    if (lows.changed || !(c >= this.below && c < this.belowCeiling)) {
      let below = -Infinity;
      let ceiling = Infinity;
      for (let p = lows.head; p !== lows.tail; p++) {
        const level = lows.levels[p & lows.mask];
        if (level <= c) {
          if (level > below) below = level;
        } else if (level < ceiling) ceiling = level;
      }
      this.below = below;
      this.belowCeiling = ceiling;
    }
    const above = this.above;
    const below = this.below;
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
