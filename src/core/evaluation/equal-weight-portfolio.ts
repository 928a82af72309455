import type { PerformanceStats } from '../../shared/contract/index.js';
import type { SeriesWindow } from '../sim/training-series.js';
import { DAY_MS, intervalMs } from '../time/intervals.js';
import type { TradedSteps } from './performance-stats.js';
import { maxDrawdown, riskAdjusted } from './return-stats.js';

/**
 * "Overall" results of one strategy over several series, possibly of different intervals, markets
 * and hold-out periods: an equal-capital portfolio on a common wall clock.
 *
 * The starting capital is split equally between the series; each share is traded by the strategy
 * on its own series and nothing is moved between the shares (no rebalancing). A share's equity
 * changes when one of its steps is realised, at the close of the bar the step ends on, and stays
 * as it is before its window starts, after it ends and while its market is closed. The portfolio's
 * equity is the sum of the shares, sampled on a clock of fixed steps from the first realised step
 * to the last, leaving out the clock steps where no window is running (hold-out periods of
 * different years: the idle years between them are no result).
 *
 * The clock's step is the LONGEST interval among the series, aligned so the coarsest series' bar
 * closes end clock steps. A finer clock would put a daily bar's whole move into one hour while the
 * hourly series spreads the same day over 24: the two would look uncorrelated and the portfolio's
 * risk would read too low (by up to √2 for two shares of one market). On the coarse clock every
 * share's move over the same span lands in the same step. The price: drawdowns are read at the
 * coarse steps (a dip and recovery inside one daily step of an hourly series is not seen overall;
 * the series' own stats still see it).
 *
 * Why this and not pooled per-bar returns or a clock of bar indices: a 1h bar and a 1d bar are not
 * the same amount of risk, and bar k of one series is not the time of bar k of another; money split
 * across the series and read off on one clock is what a user would actually have had. So:
 * - totalReturn is the mean of the series' total returns (the shares' average growth);
 * - sharpe / sortino come from the portfolio's returns per clock step, annualised by clock steps
 *   per calendar year (365 days, the clock runs around the clock). Steps where nothing trades
 *   inside the windows' span (nights, weekends) hold 0 returns; they scale the per-step mean and
 *   variance alike, so a single series reads close to its own annualised Sharpe (exactly, for a
 *   crypto series without gaps);
 * - maxDrawdown is the portfolio equity's on that clock;
 * - feesPaid is the mean of the series' fees (each a fraction of its share's starting equity, so
 *   the mean is a fraction of the whole starting capital);
 * - trades and bars are summed; exposure is pooled, positioned bars / bars over all series.
 * A series without steps (a window of one bar) gets no capital; with none left, everything is 0.
 */

export interface PortfolioPart {
  window: SeriesWindow;
  trace: TradedSteps;
  /** The series' own stats of this trace (trades, fees, exposure, bars are aggregated from them). */
  stats: PerformanceStats;
}

/** The clock never gets more steps than this; a longer span coarsens the step (a multiple of it). */
const MAX_CLOCK_STEPS = 1 << 22;
/** Monthly bars: the shortest calendar month, so two monthly closes never fall into one clock step. */
const MONTH_STEP_MS = 28 * DAY_MS;

/** The clock step a series asks for: its interval (monthly bars: 28 days). */
function clockStepOf(interval: string): number {
  return interval === '1mo' ? MONTH_STEP_MS : intervalMs(interval);
}

/**
 * Per-clock-step simple returns of the equal-capital portfolio, and the steps per year that
 * annualise them. Empty when no part has a step.
 */
export function portfolioReturns(parts: readonly Pick<PortfolioPart, 'window' | 'trace'>[]): {
  returns: Float64Array;
  stepsPerYear: number;
} {
  const active = parts.filter((p) => p.trace.netReturns.length > 0);
  if (active.length === 0) return { returns: new Float64Array(0), stepsPerYear: 0 };

  // A step j of a window is realised at the close of bar start + j + 1.
  const realisedAt = (p: Pick<PortfolioPart, 'window'>, j: number) =>
    p.window.series.time[p.window.start + j + 1] + intervalMs(p.window.series.interval);
  let first = Infinity;
  let last = -Infinity;
  let step = 0;
  let anchor = 0;
  for (const p of active) {
    first = Math.min(first, realisedAt(p, 0));
    last = Math.max(last, realisedAt(p, p.trace.netReturns.length - 1));
    const own = clockStepOf(p.window.series.interval);
    if (own > step) {
      step = own;
      anchor = realisedAt(p, 0);
    }
  }
  if ((last - first) / step >= MAX_CLOCK_STEPS)
    step *= Math.ceil((last - first) / step / MAX_CLOCK_STEPS + 1e-9);
  // Clock step s covers (origin + (s − 1)·step, origin + s·step]: the coarsest series' closes end
  // steps, so the finer bars inside one of its bars share its step.
  const origin = anchor - Math.ceil((anchor - first) / step) * step;
  const slotOf = (t: number) => Math.ceil((t - origin) / step);
  const slots = slotOf(last) + 1;

  // Each share's equity change lands in the clock step of its bar's close.
  const weight = 1 / active.length;
  const change = new Float64Array(slots);
  // Clock steps outside every window (between hold-out periods of different years, say) hold no
  // trading at all; they are left out so the years between do not dilute the ratios.
  const running = new Int32Array(slots + 1);
  for (const p of active) {
    const { netReturns } = p.trace;
    const { time, interval } = p.window.series;
    const toClose = intervalMs(interval);
    const offset = p.window.start + 1;
    let equity = weight;
    for (let j = 0; j < netReturns.length; j++) {
      const next = equity * (1 + netReturns[j]);
      change[slotOf(time[offset + j] + toClose)] += next - equity;
      equity = next;
    }
    running[slotOf(realisedAt(p, 0))]++;
    running[slotOf(realisedAt(p, netReturns.length - 1)) + 1]--;
  }
  const kept = new Float64Array(slots);
  let count = 0;
  let open = 0;
  let value = 1;
  for (let s = 0; s < slots; s++) {
    open += running[s];
    if (open > 0) kept[count++] = change[s] / value;
    value += change[s];
  }
  const returns = count === slots ? kept : kept.slice(0, count);
  return { returns, stepsPerYear: (365 * DAY_MS) / step };
}

/** The strategy's overall stats over all parts (see the file comment for each field). */
export function portfolioStats(parts: readonly PortfolioPart[]): PerformanceStats {
  const active = parts.filter((p) => p.trace.netReturns.length > 0);
  const { returns, stepsPerYear } = portfolioReturns(active);
  let totalReturn = 0;
  let feesPaid = 0;
  let trades = 0;
  let bars = 0;
  let exposedBars = 0;
  for (const p of active) {
    totalReturn += p.stats.totalReturn;
    feesPaid += p.stats.feesPaid;
    trades += p.stats.trades;
    bars += p.stats.bars;
    exposedBars += p.stats.exposure * p.stats.bars;
  }
  const shares = active.length || 1;
  return {
    totalReturn: totalReturn / shares,
    ...riskAdjusted(returns, stepsPerYear),
    maxDrawdown: maxDrawdown(returns),
    trades,
    feesPaid: feesPaid / shares,
    exposure: bars > 0 ? Math.round(exposedBars) / bars : 0,
    bars,
  };
}
