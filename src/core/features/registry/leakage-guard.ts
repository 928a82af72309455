import { sliceColumns } from '../../store/bar-columns.js';
import { outputsOf, type FeatureDefinition, type FeatureInput } from './feature-definition.js';
import { truncatedContext } from './truncated-context.js';

/**
 * The leakage guard: a feature's value at bar t must not change when every bar after t (and
 * every funding, OI or news row after t's close) is removed. Run on registration when a probe
 * series is given, and by tests/unit/leakage-guard.test.ts over every registered feature.
 */

export interface LeakageViolation {
  feature: string;
  column: string;
  /** Index of the last bar kept in the truncated series. */
  cut: number;
  /** First index ≤ cut where the values differ. */
  index: number;
  fullValue: number;
  truncatedValue: number;
}

export interface StreamingMismatch {
  feature: string;
  column: string;
  index: number;
  batchValue: number;
  streamValue: number;
  /** 'stream' from the first bar, or 'restored' after snapshot → restore at `restoredAt`. */
  phase: 'stream' | 'restored';
  restoredAt: number;
}

/**
 * Where to cut a series of n bars: around the end of warm-up (a kernel that peeks ahead to seed
 * itself shows there), spread through the series, and one bar before the end.
 */
export function leakageCuts(n: number, warmup: number): number[] {
  const raw = [
    warmup - 1,
    warmup,
    warmup + 1,
    warmup + 7,
    Math.floor(n * 0.25),
    Math.floor(n * 0.5) + 1,
    Math.floor(n * 0.75) + 3,
    n - 2,
  ];
  return [...new Set(raw.filter((t) => t >= 0 && t < n - 1))].sort((a, b) => a - b);
}

/**
 * Cuts just before context records arrive: for a record stamped T, the last bar whose close is
 * before T. A feature that reads a record one bar early differs exactly there, which the evenly
 * spread cuts rarely hit (funding comes every 8 hours, open interest every 5 minutes to 4 hours).
 * At most `limit` records, spread over the probe.
 */
export function contextCuts(def: FeatureDefinition, probe: FeatureInput, step: number, limit = 12): number[] {
  const times: number[] = [];
  const add = (series: Float64Array) => {
    if (series.length === 0) return;
    const every = Math.max(1, Math.floor(series.length / limit));
    for (let i = 0; i < series.length; i += every) times.push(series[i]!);
  };
  if (def.inputs.includes('funding')) add(probe.context.fundingRates().time);
  if (def.inputs.includes('openInterest')) add(probe.context.openInterest().time);
  const barTimes = probe.bars.time;
  const cuts: number[] = [];
  for (const t of times) {
    // Last bar closing strictly before the record: binary search on open + step < t.
    let lo = 0;
    let hi = barTimes.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (barTimes[mid]! + step < t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found >= 0) cuts.push(found);
  }
  return cuts;
}

/** Smallest step between consecutive bars: the bar length when some bars are adjacent. */
export function smallestStep(time: Float64Array): number {
  let step = Infinity;
  for (let i = 1; i < time.length; i++) step = Math.min(step, time[i] - time[i - 1]);
  return Number.isFinite(step) ? step : 0;
}

/** Checks that a definition's outputs have the declared count and the bars' length. */
export function checkShape(def: FeatureDefinition, outputs: Float64Array[], n: number): void {
  const columns = outputsOf(def);
  if (!Array.isArray(outputs) || outputs.length !== columns.length) {
    throw new Error(
      `Feature "${def.name}": compute returned ${Array.isArray(outputs) ? outputs.length : typeof outputs} ` +
        `output(s), expected ${columns.length} (${columns.join(', ')})`,
    );
  }
  outputs.forEach((out, k) => {
    if (!(out instanceof Float64Array) || out.length !== n) {
      throw new Error(
        `Feature "${def.name}": output "${columns[k]}" has length ${out?.length}, expected ${n} (one per bar)`,
      );
    }
  });
}

/** The first leak found at the given cuts, or null. */
export function findLeakage(
  def: FeatureDefinition,
  probe: FeatureInput,
  cuts?: number[],
): LeakageViolation | null {
  const n = probe.bars.time.length;
  const columns = outputsOf(def);
  const full = def.compute(probe);
  checkShape(def, full, n);
  const step = probe.intervalMs ?? smallestStep(probe.bars.time);
  const at =
    cuts ??
    [...new Set([...leakageCuts(n, def.warmup), ...contextCuts(def, probe, step)])]
      .filter((t) => t < n - 1)
      .sort((a, b) => a - b);
  for (const cut of at) {
    if (cut < 0 || cut >= n) throw new RangeError(`leakage cut ${cut} outside the ${n} bars of the probe`);
    const bars = sliceColumns(probe.bars, 0, cut + 1);
    const context = truncatedContext(probe.context, probe.bars.time[cut] + step);
    const truncated = def.compute({ ...probe, bars, context });
    checkShape(def, truncated, cut + 1);
    for (let k = 0; k < columns.length; k++) {
      const a = full[k];
      const b = truncated[k];
      for (let i = 0; i <= cut; i++) {
        if (!Object.is(a[i], b[i])) {
          return {
            feature: def.name,
            column: columns[k],
            cut,
            index: i,
            fullValue: a[i],
            truncatedValue: b[i],
          };
        }
      }
    }
  }
  return null;
}

/**
 * The first index where the stream differs from the batch computation (Object.is), or null. The
 * stream runs from bar 0; at `restoreAt` its snapshot is restored into a fresh stream that is fed
 * only the bars from there on (as the cache does after loading a day's state), and both go on.
 */
export function findStreamingMismatch(
  def: FeatureDefinition,
  probe: FeatureInput,
  restoreAt = Math.floor(probe.bars.time.length / 2),
): StreamingMismatch | null {
  const n = probe.bars.time.length;
  const columns = outputsOf(def);
  const batch = def.compute(probe);
  checkShape(def, batch, n);
  const streamInput = {
    market: probe.market,
    symbol: probe.symbol,
    context: probe.context,
    intervalMs: probe.intervalMs,
  };
  const stream = def.stream(streamInput);
  let restored: ReturnType<FeatureDefinition['stream']> | null = null;
  const tail = sliceColumns(probe.bars, restoreAt, n);
  const compare = (values: number[], i: number, phase: StreamingMismatch['phase']) => {
    if (!Array.isArray(values) || values.length !== columns.length) {
      throw new Error(
        `Feature "${def.name}": stream update returned ${Array.isArray(values) ? values.length : typeof values} ` +
          `value(s) at bar ${i}, expected ${columns.length}`,
      );
    }
    for (let k = 0; k < columns.length; k++) {
      if (!Object.is(values[k], batch[k][i])) {
        return {
          feature: def.name,
          column: columns[k],
          index: i,
          batchValue: batch[k][i],
          streamValue: values[k],
          phase,
          restoredAt: restoreAt,
        };
      }
    }
    return null;
  };
  for (let i = 0; i < n; i++) {
    if (i === restoreAt) {
      restored = def.stream(streamInput);
      restored.restore(stream.snapshot().slice());
    }
    const mismatch =
      compare(stream.update(probe.bars, i), i, 'stream') ??
      (restored ? compare(restored.update(tail, i - restoreAt), i, 'restored') : null);
    if (mismatch) return mismatch;
  }
  return null;
}

export function describeLeak(v: LeakageViolation): string {
  return (
    `Feature "${v.feature}" leaks the future: column "${v.column}" at bar ${v.index} is ${v.fullValue} ` +
    `on the full series but ${v.truncatedValue} when the series ends at bar ${v.cut}`
  );
}

export function describeStreamingMismatch(m: StreamingMismatch): string {
  const where = m.phase === 'restored' ? ` (stream restored from its state at bar ${m.restoredAt})` : '';
  return (
    `Feature "${m.feature}": stream gives ${m.streamValue} for column "${m.column}" at bar ${m.index}${where}, ` +
    `batch gives ${m.batchValue}`
  );
}
