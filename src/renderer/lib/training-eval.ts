import type {
  Evaluation,
  PerformanceStats,
  StrategyComparison,
  MarketKind,
} from '../../shared/contract/index.js';
import { formatInt } from './format.js';
import { formatPercent, formatRatio, formatSignedPercent, formatWindow } from './training-format.js';

export type StatKey = Exclude<keyof PerformanceStats, 'bars'>;

export interface StatColumn {
  key: StatKey;
  label: string;
  /** What the number means, for the column's tooltip. */
  help: string;
  /** Which way is better, to mark the best strategy; null where neither is (trades, exposure). */
  better: 'higher' | 'lower' | null;
  format: (value: number) => string;
}

export const statColumns: readonly StatColumn[] = [
  {
    key: 'totalReturn',
    label: 'Total return',
    help: 'Equity change over the hold-out window, after costs.',
    better: 'higher',
    format: (v) => formatSignedPercent(v),
  },
  {
    key: 'sharpe',
    label: 'Sharpe',
    help: 'Annualised mean / standard deviation of bar returns.',
    better: 'higher',
    format: (v) => formatRatio(v),
  },
  {
    key: 'sortino',
    label: 'Sortino',
    help: 'Annualised mean / downside deviation of bar returns.',
    better: 'higher',
    format: (v) => formatRatio(v),
  },
  {
    key: 'maxDrawdown',
    label: 'Max drawdown',
    help: 'Largest peak-to-trough fall of equity.',
    better: 'lower',
    format: (v) => formatPercent(v),
  },
  {
    key: 'trades',
    label: 'Trades',
    help: 'Position changes.',
    better: null,
    format: (v) => formatInt(v),
  },
  {
    key: 'feesPaid',
    label: 'Fees',
    help: 'Commission and slippage paid, as a share of starting equity.',
    better: 'lower',
    format: (v) => formatPercent(v, 2),
  },
  {
    key: 'exposure',
    label: 'Exposure',
    help: 'Share of bars with an open position.',
    better: null,
    format: (v) => formatPercent(v, 0),
  },
];

export type StrategyKey = keyof StrategyComparison;

export const strategies: readonly { key: StrategyKey; label: string }[] = [
  { key: 'policy', label: 'Policy' },
  { key: 'buyAndHold', label: 'Buy & hold' },
  { key: 'flat', label: 'Flat' },
];

/** One block of the evaluation table: the overall result or one series' hold-out window. */
export interface EvaluationGroup {
  /** "overall" or "SYMBOL|market|interval". */
  key: string;
  title: string;
  market: MarketKind | null;
  /** "2021-10-20 → 2021-12-31", or null for the overall block. */
  window: string | null;
  bars: number;
  comparison: StrategyComparison;
}

/** The evaluation as the page shows it: overall first, then each series in the run's order. */
export function evaluationGroups(evaluation: Evaluation): EvaluationGroup[] {
  return [
    {
      key: 'overall',
      title: 'All series',
      market: null,
      window: null,
      bars: evaluation.overall.policy.bars,
      comparison: evaluation.overall,
    },
    ...evaluation.series.map((s) => ({
      key: `${s.symbol}|${s.market}|${s.interval}`,
      title: `${s.symbol} ${s.interval}`,
      market: s.market,
      window: formatWindow(s.from, s.to),
      bars: s.policy.bars,
      comparison: { policy: s.policy, buyAndHold: s.buyAndHold, flat: s.flat },
    })),
  ];
}

/**
 * The strategy with the best value of a stat in one comparison, when the stat has a better
 * direction and one strategy is strictly best (ties mark none).
 */
export function bestStrategy(comparison: StrategyComparison, column: StatColumn): StrategyKey | null {
  if (!column.better) return null;
  const sign = column.better === 'higher' ? 1 : -1;
  let best: StrategyKey | null = null;
  let bestValue = -Infinity;
  let tie = false;
  for (const { key } of strategies) {
    const value = sign * comparison[key][column.key];
    if (!Number.isFinite(value)) continue;
    if (value > bestValue) {
      best = key;
      bestValue = value;
      tie = false;
    } else if (value === bestValue) tie = true;
  }
  return tie ? null : best;
}
