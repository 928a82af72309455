import type { Evaluation, PerformanceStats, SeriesEvaluation } from '../../shared/contract/index.js';
import type { EnvConfig } from '../sim/env-config.js';
import { runFixedPosition, runPolicyDeterministic, type PositionTrace } from '../sim/deterministic-run.js';
import type { SeriesWindow } from '../sim/training-series.js';
import { intervalMs } from '../time/intervals.js';
import { barsPerYear } from './bars-per-year.js';
import { portfolioReturns, portfolioStats, type PortfolioPart } from './equal-weight-portfolio.js';
import { performanceStats } from './performance-stats.js';
import { riskAdjusted } from './return-stats.js';

/**
 * The policy's decisions for `n` observations packed row-major (n × OBS_SIZE): one action index
 * (0 short, 1 flat, 2 long) each. Evaluation wants the greedy (arg-max) policy, not a sample.
 */
export type PolicyAct = (obs: Float32Array, n: number) => Int32Array | Promise<Int32Array>;

/**
 * Evaluation runs with the configured costs and delay but never randomises them: every strategy
 * and every run pays the same, so the numbers compare.
 */
function evaluationConfig(config: EnvConfig): EnvConfig {
  return config.randomize === null ? config : { ...config, randomize: null };
}

/**
 * The policy against buy-and-hold and flat on each window (typically the hold-out windows), walked
 * bar by bar through the simulator with the same costs, delay and market-hours rules, and overall
 * as an equal-capital portfolio of the windows on one wall clock (equal-weight-portfolio.ts says
 * why and how each field is aggregated). Per-series Sharpe and Sortino are annualised with the
 * series' own bars per year (bars-per-year.ts).
 */
export async function evaluatePolicy(
  windows: SeriesWindow[],
  act: PolicyAct,
  config: EnvConfig,
): Promise<Evaluation> {
  const fixed = evaluationConfig(config);
  const policyTraces = await runPolicyDeterministic(windows, act, fixed);
  const policyParts: PortfolioPart[] = [];
  const holdParts: PortfolioPart[] = [];
  const flatParts: PortfolioPart[] = [];
  const series: SeriesEvaluation[] = windows.map((window, k) => {
    const perYear = barsPerYear(window.series.interval, window.series.market);
    const part = (trace: PositionTrace): PortfolioPart => ({
      window,
      trace,
      stats: performanceStats(trace, perYear),
    });
    const policy = part(policyTraces[k]);
    const buyAndHold = part(runFixedPosition(window, 1, fixed));
    const flat = part(runFixedPosition(window, 0, fixed));
    policyParts.push(policy);
    holdParts.push(buyAndHold);
    flatParts.push(flat);
    return {
      symbol: window.series.symbol,
      market: window.series.market,
      interval: window.series.interval,
      ...windowSpan(window),
      policy: policy.stats,
      buyAndHold: buyAndHold.stats,
      flat: flat.stats,
    };
  });
  const overall = (parts: PortfolioPart[]): PerformanceStats => portfolioStats(parts);
  return {
    overall: { policy: overall(policyParts), buyAndHold: overall(holdParts), flat: overall(flatParts) },
    series,
  };
}

/**
 * The overall (equal-capital portfolio) Sharpe of the greedy policy on `windows`: the figure
 * evaluatePolicy reports as overall.policy.sharpe, computed alone for the validation metric logged
 * every few PPO iterations. One simulator walk of all windows together (one `act` call per bar
 * step for all of them) and one pass over the returns; no benchmarks, no per-series stats.
 */
export async function validationSharpe(
  windows: SeriesWindow[],
  act: PolicyAct,
  config: EnvConfig,
): Promise<number> {
  const traces = await runPolicyDeterministic(windows, act, evaluationConfig(config));
  const { returns, stepsPerYear } = portfolioReturns(
    traces.map((trace, k) => ({ window: windows[k], trace })),
  );
  return riskAdjusted(returns, stepsPerYear).sharpe;
}

/**
 * First bar's open time and the last bar's close (exclusive end), as SeriesLineage's test range.
 * A window without bars spans nothing at its start.
 */
function windowSpan(window: SeriesWindow): { from: number; to: number } {
  const { time, interval } = window.series;
  if (window.end <= window.start || time.length === 0) {
    const at = time.length === 0 ? 0 : time[Math.min(window.start, time.length - 1)];
    return { from: at, to: at };
  }
  return { from: time[window.start], to: time[window.end - 1] + intervalMs(interval) };
}
