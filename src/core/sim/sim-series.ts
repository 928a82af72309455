import { OBS_SIZE, type SeriesWindow, type TrainingSeries } from './training-series.js';

/**
 * A TrainingSeries with what the step loops read precomputed once, so a step does a few typed
 * array reads and no division by σ or ATR lookups with NaN checks.
 */
export class SimSeries {
  readonly obs: Float32Array;
  readonly close: Float64Array;
  readonly atr: Float64Array;
  readonly nextLogReturn: Float64Array;
  readonly marketOpen: Uint8Array;
  readonly segmentEnd: Int32Array;
  /** ATR-14 / close per bar, 0 where ATR is unknown (the volatility part of slippage). */
  readonly atrOverClose: Float64Array;
  /** 100 / σ: log returns and cost fractions times this give the reward's units. */
  readonly rewardScale: number;
  readonly isStock: boolean;

  constructor(readonly series: TrainingSeries) {
    const n = series.time.length;
    for (const [name, length] of [
      ['close', series.close.length],
      ['atr', series.atr.length],
      ['nextLogReturn', series.nextLogReturn.length],
      ['marketOpen', series.marketOpen.length],
      ['segmentEnd', series.segmentEnd.length],
    ] as const) {
      if (length !== n)
        throw new RangeError(
          `${series.symbol} ${series.interval}: ${name} has ${length} values for ${n} bars`,
        );
    }
    if (series.obs.length !== n * OBS_SIZE)
      throw new RangeError(
        `${series.symbol} ${series.interval}: obs has ${series.obs.length} values for ${n} bars`,
      );
    if (!(series.sigma > 0) || !Number.isFinite(series.sigma))
      throw new RangeError(
        `${series.symbol} ${series.interval}: σ must be a positive number, got ${series.sigma}`,
      );
    this.obs = series.obs;
    this.close = series.close;
    this.atr = series.atr;
    this.nextLogReturn = series.nextLogReturn;
    this.marketOpen = series.marketOpen;
    this.segmentEnd = series.segmentEnd;
    this.rewardScale = 100 / series.sigma;
    this.isStock = series.market === 'stock';
    this.atrOverClose = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = series.atr[i] / series.close[i];
      this.atrOverClose[i] = Number.isFinite(v) ? v : 0;
    }
  }
}

/** One SimSeries per distinct series of the windows (windows of one series share it). */
export function simSeriesOf(windows: readonly SeriesWindow[]): { sims: SimSeries[]; indexOf: Int32Array } {
  const bySeries = new Map<TrainingSeries, number>();
  const sims: SimSeries[] = [];
  const indexOf = new Int32Array(windows.length);
  windows.forEach((w, k) => {
    let index = bySeries.get(w.series);
    if (index === undefined) {
      index = sims.length;
      bySeries.set(w.series, index);
      sims.push(new SimSeries(w.series));
    }
    indexOf[k] = index;
    const n = w.series.time.length;
    if (!(
      Number.isInteger(w.start) &&
      Number.isInteger(w.end) &&
      0 <= w.start &&
      w.start <= w.end &&
      w.end <= n
    ))
      throw new RangeError(
        `${w.series.symbol} ${w.series.interval}: window [${w.start}, ${w.end}) is not inside its ${n} bars`,
      );
  });
  return { sims, indexOf };
}

/** The last bar a decision can be taken at when starting at `start`: one bar before the segment or window ends. */
export function lastDecisionBar(series: SimSeries, start: number, windowEnd: number): number {
  const stop = series.segmentEnd[start] < windowEnd ? series.segmentEnd[start] : windowEnd;
  return stop - 2;
}
