import { EmaStream, emaFactor } from './ema.js';
import { checkStateLength, checkTaPeriod, outputFor } from './internal/ta-params.js';

export interface MacdParams {
  fast: number;
  slow: number;
  signal: number;
}

export interface MacdOutput {
  macd: Float64Array;
  signal: Float64Array;
  hist: Float64Array;
}

export const MACD_DEFAULTS: MacdParams = Object.freeze({ fast: 12, slow: 26, signal: 9 });

/**
 * MACD, as TA-Lib's MACD (ta_MACD.c, INT_MACD). TA-Lib swaps fast and slow if given the wrong way
 * round, then starts BOTH EMAs at the slow window's end, index slow − 1: the slow EMA is seeded
 * with the mean of x[0 .. slow − 1], the fast EMA with the mean of only x[slow − fast .. slow − 1]
 * (not from bar 0). macd = fast − slow from there; the signal is an EMA of macd seeded with the
 * mean of its first `signal` values; hist = macd − signal. All three are NaN before TA-Lib's
 * begIndex, (slow − 1) + (signal − 1) (33 for 12/26/9), where the signal line starts.
 *
 * NaN inputs: as in TA-Lib, a NaN enters both EMAs and every later value is NaN.
 */
export function macd(
  x: Float64Array,
  params: MacdParams = MACD_DEFAULTS,
  out?: Partial<MacdOutput>,
): MacdOutput {
  const { fast, slow, signal } = orderedMacdParams('macd', params);
  const n = x.length;
  const res: MacdOutput = {
    macd: outputFor('macd', n, out?.macd, 'out.macd'),
    signal: outputFor('macd', n, out?.signal, 'out.signal'),
    hist: outputFor('macd', n, out?.hist, 'out.hist'),
  };
  const start = slow - 1;
  const begin = start + signal - 1;
  const warm = Math.min(begin, n);
  res.macd.fill(Number.NaN, 0, warm);
  res.signal.fill(Number.NaN, 0, warm);
  res.hist.fill(Number.NaN, 0, warm);
  if (n <= begin) return res;
  const kSlow = emaFactor(slow);
  const kFast = emaFactor(fast);
  const kSignal = emaFactor(signal);
  let slowSum = 0;
  for (let i = 0; i < slow; i++) slowSum += x[i];
  let fastSum = 0;
  for (let i = slow - fast; i < slow; i++) fastSum += x[i];
  let slowEma = slowSum / slow;
  let fastEma = fastSum / fast;
  let line = fastEma - slowEma;
  let signalSum = 0;
  signalSum += line;
  for (let i = start + 1; i <= begin; i++) {
    slowEma = (x[i] - slowEma) * kSlow + slowEma;
    fastEma = (x[i] - fastEma) * kFast + fastEma;
    line = fastEma - slowEma;
    signalSum += line;
  }
  let sig = signalSum / signal;
  res.macd[begin] = line;
  res.signal[begin] = sig;
  res.hist[begin] = line - sig;
  for (let i = begin + 1; i < n; i++) {
    slowEma = (x[i] - slowEma) * kSlow + slowEma;
    fastEma = (x[i] - fastEma) * kFast + fastEma;
    line = fastEma - slowEma;
    sig = (line - sig) * kSignal + sig;
    res.macd[i] = line;
    res.signal[i] = sig;
    res.hist[i] = line - sig;
  }
  return res;
}

/**
 * Checks the periods against TA-Lib's ranges and swaps fast and slow if slow < fast (as TA-Lib
 * does). The signal period must be at least 2: TA-Lib declares 1 valid but its MACD output is then
 * misaligned (begIndex one bar early, a denormal first value), so there is nothing to match.
 */
function orderedMacdParams(where: string, params: MacdParams): MacdParams {
  checkTaPeriod(where, 'fast', params.fast, 2);
  checkTaPeriod(where, 'slow', params.slow, 2);
  checkTaPeriod(where, 'signal', params.signal, 2);
  return params.slow < params.fast
    ? { fast: params.slow, slow: params.fast, signal: params.signal }
    : { fast: params.fast, slow: params.slow, signal: params.signal };
}

/** One bar of MACD: macd, signal and hist (NaN during warm-up). */
export interface MacdValue {
  macd: number;
  signal: number;
  hist: number;
}

/**
 * MACD bar by bar; `update(x)` returns what `macd` gives at that bar. Three chained EmaStreams
 * reproduce TA-Lib's seeding: the slow EMA takes every bar, the fast one starts at bar
 * slow − fast, the signal EMA takes macd from bar slow − 1. State: [count, slow, fast, signal EMA states].
 */
export class MacdStream {
  readonly params: MacdParams;
  private readonly slowEma: EmaStream;
  private readonly fastEma: EmaStream;
  private readonly signalEma: EmaStream;
  private count = 0;

  constructor(params: MacdParams = MACD_DEFAULTS) {
    this.params = orderedMacdParams('MacdStream', params);
    this.slowEma = new EmaStream(this.params.slow);
    this.fastEma = new EmaStream(this.params.fast);
    this.signalEma = new EmaStream(this.params.signal);
  }

  update(x: number): MacdValue {
    const { fast, slow } = this.params;
    const i = this.count++;
    const slowValue = this.slowEma.update(x);
    if (i < slow - fast) return NO_MACD;
    const fastValue = this.fastEma.update(x);
    if (i < slow - 1) return NO_MACD;
    const line = fastValue - slowValue;
    const sig = this.signalEma.update(line);
    if (i < slow - 1 + this.params.signal - 1) return NO_MACD;
    return { macd: line, signal: sig, hist: line - sig };
  }

  static readonly stateSize = 1 + 3 * EmaStream.stateSize;

  snapshot(): Float64Array {
    const state = new Float64Array(MacdStream.stateSize);
    state[0] = this.count;
    this.slowEma.writeTo(state, 1);
    this.fastEma.writeTo(state, 1 + EmaStream.stateSize);
    this.signalEma.writeTo(state, 1 + 2 * EmaStream.stateSize);
    return state;
  }

  static restore(params: MacdParams, state: Float64Array): MacdStream {
    const s = new MacdStream(params);
    checkStateLength('MacdStream.restore', state, MacdStream.stateSize);
    s.count = state[0];
    s.slowEma.readFrom(state, 1);
    s.fastEma.readFrom(state, 1 + EmaStream.stateSize);
    s.signalEma.readFrom(state, 1 + 2 * EmaStream.stateSize);
    return s;
  }
}

const NO_MACD: MacdValue = Object.freeze({ macd: Number.NaN, signal: Number.NaN, hist: Number.NaN });
