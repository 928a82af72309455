import type { PerformanceStats } from '../../shared/contract/index.js';
import { compoundedReturn, maxDrawdown, riskAdjusted } from './return-stats.js';

/**
 * What the stats read of a simulated run (the simulator's PositionTrace has these and more):
 * step i holds `positions[i]` from bar i's close to bar i+1's, `netReturns[i]` is the equity's simple
 * return over that step after costs, and `fees[i]` the cost charged at bar i as a fraction of the
 * equity then (already inside netReturns[i]).
 */
export interface TradedSteps {
  positions: Int8Array;
  netReturns: Float64Array;
  fees: Float64Array;
}

/**
 * Trading results of one simulated run, per the contract's PerformanceStats:
 * - totalReturn: compounded, Π(1 + netReturnᵢ) − 1;
 * - sharpe / sortino: annualised with `barsPerYear` (see riskAdjusted);
 * - maxDrawdown: of the compounded equity curve, starting equity included as a peak;
 * - trades: position changes (flat → long, long → short, ... each counts once), starting flat;
 * - feesPaid: Σ feesᵢ · Eᵢ, each fee compounded on the equity Eᵢ it was charged on, so the sum is a
 *   fraction of the STARTING equity (what a user would read off the account);
 * - exposure: share of steps holding a position; bars: number of steps.
 * An empty run (no steps) is all zeros.
 */
export function performanceStats(trace: TradedSteps, barsPerYear: number): PerformanceStats {
  const { positions, netReturns, fees } = trace;
  const bars = netReturns.length;
  if (positions.length !== bars) {
    throw new Error(
      `performanceStats: ${positions.length} positions for ${bars} returns; the trace must hold one of each per step`,
    );
  }
  let trades = 0;
  let exposed = 0;
  let previous = 0;
  for (let i = 0; i < bars; i++) {
    const p = positions[i];
    if (p !== previous) trades++;
    if (p !== 0) exposed++;
    previous = p;
  }
  return {
    totalReturn: compoundedReturn(netReturns),
    ...riskAdjusted(netReturns, barsPerYear),
    maxDrawdown: maxDrawdown(netReturns),
    trades,
    feesPaid: feesOnStartingEquity(netReturns, fees),
    exposure: bars > 0 ? exposed / bars : 0,
    bars,
  };
}

/**
 * Σ feesᵢ · Eᵢ with E₀ = 1 and Eᵢ₊₁ = Eᵢ(1 + netReturnᵢ). A fee past the last step (a final
 * close-out at the window's end) is charged on the final equity.
 */
function feesOnStartingEquity(netReturns: Float64Array, fees: Float64Array): number {
  let equity = 1;
  let paid = 0;
  for (let i = 0; i < fees.length; i++) {
    paid += fees[i] * equity;
    if (i < netReturns.length) equity *= 1 + netReturns[i];
  }
  return paid;
}
