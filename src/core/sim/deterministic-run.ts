import { checkEnvConfig, type EnvConfig } from './env-config.js';
import { copyObsRow, writePositionSlots } from './position-slots.js';
import { simSeriesOf, type SimSeries } from './sim-series.js';
import { OBS_SIZE, type SeriesWindow } from './training-series.js';

/**
 * What a strategy did over one window, bar by bar, for evaluation (src/core/evaluation) and the
 * validation Sharpe. Index j stands for bar window.start + j; arrays have one entry per bar of the
 * window but the last (the last bar has no next bar inside the window to hold a position over).
 */
export interface PositionTrace {
  window: SeriesWindow;
  /** Position held over bar i → i+1 (−1, 0, 1). */
  positions: Int8Array;
  /** Simple equity return of bar i → i+1 after costs: (1 − fee_i)(1 + position_i · (close_{i+1}/close_i − 1)) − 1. */
  netReturns: Float64Array;
  /** Cost charged at bar i as a fraction of equity (0 where the position did not change). */
  fees: Float64Array;
  /** Position changes (a flip from long to short is one). */
  trades: number;
}

/**
 * Walks every window once from its first bar to its last with the policy's decisions, all windows
 * stepped together (one `act` call per step for the windows still running, their observations
 * packed in window order), with the configured costs and delay and no randomisation. Rules as in
 * VecEnv: a target takes effect `delayBars` later, only while the market is open; stocks map short
 * to flat unless allowShortStocks. Unlike an episode, a walk goes on across data gaps: the
 * position is held through an outage and earns the price change across it (what a trader would
 * have got), so the trace covers the whole window.
 */
export async function runPolicyDeterministic(
  windows: SeriesWindow[],
  act: (obs: Float32Array, n: number) => Int32Array | Promise<Int32Array>,
  config: EnvConfig,
): Promise<PositionTrace[]> {
  checkEnvConfig(config);
  const { sims, indexOf } = simSeriesOf(windows);
  const walks = windows.map((w, k) => new Walk(w, sims[indexOf[k]], config));
  const obs = new Float32Array(windows.length * OBS_SIZE);
  const running: number[] = [];
  for (;;) {
    running.length = 0;
    for (let k = 0; k < walks.length; k++) if (!walks[k].finished) running.push(k);
    if (running.length === 0) break;
    const n = running.length;
    for (let r = 0; r < n; r++) walks[running[r]].writeObservation(obs, r);
    const view = n * OBS_SIZE === obs.length ? obs : obs.subarray(0, n * OBS_SIZE);
    const actions = await act(view, n);
    if (actions.length < n)
      throw new RangeError(
        `runPolicyDeterministic: the policy gave ${actions.length} actions for ${n} windows`,
      );
    for (let r = 0; r < n; r++) {
      const a = actions[r];
      if (!(a === 0 || a === 1 || a === 2))
        throw new RangeError(`runPolicyDeterministic: action ${a} is not 0 (short), 1 (flat) or 2 (long)`);
      walks[running[r]].step(a - 1);
    }
  }
  return walks.map((w) => w.trace);
}

/**
 * Holds one position throughout a window (1: buy-and-hold, 0: flat, −1: short and hold), entered
 * at the first bar the rules allow (delay, market hours, short rule), with the configured costs.
 * Buy-and-hold's total return is (1 − entry cost) · close[last] / close[entry] − 1.
 */
export function runFixedPosition(
  window: SeriesWindow,
  position: -1 | 0 | 1,
  config: EnvConfig,
): PositionTrace {
  checkEnvConfig(config);
  const { sims } = simSeriesOf([window]);
  const walk = new Walk(window, sims[0], config);
  while (!walk.finished) walk.step(position);
  return walk.trace;
}

/** One window walked bar by bar: the same position rules and costs as VecEnv.step. */
class Walk {
  readonly trace: PositionTrace;
  private readonly targets: Int8Array;
  private readonly delay: number;
  private readonly unitCost: number;
  private readonly volFactor: number;
  private readonly shortAllowed: boolean;
  private bar: number;
  private position = 0;
  private entryPrice = Number.NaN;
  private openBar = 0;

  constructor(
    private readonly window: SeriesWindow,
    private readonly s: SimSeries,
    config: EnvConfig,
  ) {
    const steps = Math.max(0, window.end - window.start - 1);
    this.trace = {
      window,
      positions: new Int8Array(steps),
      netReturns: new Float64Array(steps),
      fees: new Float64Array(steps),
      trades: 0,
    };
    this.targets = new Int8Array(steps);
    this.delay = config.costs.delayBars;
    this.unitCost = config.costs.commission + config.costs.slippageBps / 1e4;
    this.volFactor = config.costs.slippageVolFactor;
    this.shortAllowed = !(s.isStock && !config.allowShortStocks);
    this.bar = window.start;
  }

  get finished(): boolean {
    return this.bar >= this.window.end - 1;
  }

  writeObservation(out: Float32Array, row: number): void {
    const t = this.bar;
    copyObsRow(this.s.obs, t, out, row);
    writePositionSlots(
      out,
      row,
      this.position,
      this.s.close[t],
      this.entryPrice,
      this.s.atr[t],
      t - this.openBar,
    );
  }

  /** Takes the decision of the current bar (a target position) and moves to the next bar. */
  step(targetPosition: number): void {
    const s = this.s;
    const t = this.bar;
    const j = t - this.window.start;
    const target = targetPosition < 0 && !this.shortAllowed ? 0 : targetPosition;
    this.targets[j] = target;
    const due = j >= this.delay ? this.targets[j - this.delay] : 0;
    const previous = this.position;
    const held = s.marketOpen[t] === 1 ? due : previous;
    let fee = 0;
    if (held !== previous) {
      const change = Math.abs(held - previous);
      fee = change * (this.unitCost + this.volFactor * s.atrOverClose[t]);
      this.trace.trades++;
      this.position = held;
      if (held !== 0) {
        this.entryPrice = s.close[t];
        this.openBar = t;
      } else {
        this.entryPrice = Number.NaN;
      }
    }
    const priceReturn = s.close[t + 1] / s.close[t] - 1;
    this.trace.positions[j] = held;
    this.trace.fees[j] = fee;
    this.trace.netReturns[j] = (1 - fee) * (1 + held * priceReturn) - 1;
    this.bar = t + 1;
  }
}
