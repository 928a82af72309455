/**
 * Small timing helpers for the benchmarks: warm up, repeat, take the median, format rates.
 * Benchmarks report numbers; they never assert anything about speed.
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

export interface MeasureOptions<C> {
  /** Untimed work before each run (a fresh temp database, say). Its result is passed to `run`. */
  setup?: () => C;
  /** The timed work. */
  run: (context: C) => void;
  /** Untimed work after each run (close and delete what setup made). */
  teardown?: (context: C) => void;
  /** Untimed runs first, so the JIT and the caches settle (default 1). */
  warmup?: number;
  /** Timed runs; the median is reported (default from BENCH_REPEATS, else 5). */
  repeats?: number;
}

export interface Timing {
  /** Median of the timed runs, milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export function defaultRepeats(): number {
  const fromEnv = Number(process.env.BENCH_REPEATS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 5;
}

/** Runs `warmup` untimed then `repeats` timed iterations (setup/teardown outside the clock). */
export function measure<C = undefined>(options: MeasureOptions<C>): Timing {
  return measureInterleaved<[C]>([options])[0];
}

/**
 * Measures several contestants round-robin (A B A B …) rather than one after the other, so a
 * drift in machine load (other processes on a shared box) hits all of them alike and their ratio
 * stays meaningful. Warm-up runs of every contestant come first.
 */
export function measureInterleaved<T extends unknown[]>(options: {
  [K in keyof T]: MeasureOptions<T[K]>;
}): Timing[] {
  const contestants = options as MeasureOptions<unknown>[];
  const warmup = Math.max(...contestants.map((c) => c.warmup ?? 1));
  const repeats = Math.max(...contestants.map((c) => c.repeats ?? defaultRepeats()));
  const samples: number[][] = contestants.map(() => []);
  for (let i = 0; i < warmup + repeats; i++) {
    contestants.forEach((c, k) => {
      const elapsed = timeOnce(c);
      if (i >= warmup) samples[k].push(elapsed);
    });
  }
  return samples.map(summarise);
}

function timeOnce(options: MeasureOptions<unknown>): number {
  const context = options.setup ? options.setup() : undefined;
  try {
    collectGarbage();
    const start = performance.now();
    options.run(context);
    return performance.now() - start;
  } finally {
    options.teardown?.(context);
  }
}

export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1], runs: sorted.length };
}

/** Items per second from a count and a time in milliseconds. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Infinity;
}

/** `1.23 M bars/s`, `456 k bars/s`, `12.3 bars/s`. */
export function formatRate(value: number, unit: string): string {
  return `${formatSi(value)} ${unit}`;
}

export function formatSi(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${round3(value / 1e9)} G`;
  if (abs >= 1e6) return `${round3(value / 1e6)} M`;
  if (abs >= 1e3) return `${round3(value / 1e3)} k`;
  return `${round3(value)}`;
}

/** Three significant digits, without exponent notation. */
export function round3(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatRatio(ratio: number): string {
  return `×${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}`;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

/**
 * A full GC before each timed run, so one run's garbage is not billed to the next. `npm run bench`
 * starts node without --expose-gc, so the flag is switched on here.
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;

function collectGarbage(): void {
  if (typeof gc === 'function') gc();
}
