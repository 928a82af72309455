import { checkStateLength, checkTaPeriod, inputLength, outputFor } from './internal/ta-params.js';
import { trueRangeOf } from './true-range.js';

/** TA-Lib's TA_IS_ZERO tolerance (ta_utility.h). */
const TA_EPSILON = 1e-14;

/**
 * Average directional index, as TA-Lib's ADX (ta_ADX.c) with its default unstable period 0:
 *
 * - One-bar moves: up = high − previous high, down = previous low − low. −DM1 = down when
 *   down > 0 and up < down; otherwise +DM1 = up when up > 0 and up > down; a tie gives neither.
 * - TR, +DM and −DM start as plain SUMS over bars 1 .. period − 1, then from bar `period` on are
 *   smoothed Wilder's way on the sum scale: s = s − s / period + today's value.
 * - +DI = 100 · (+DM / TR), −DI likewise; DX = 100 · |−DI − +DI| / (−DI + +DI), skipped (no
 *   update at all) when TR or −DI + +DI is within 1e-14 of zero.
 * - The first ADX, at index 2·period − 1, is the sum of the DX of bars period .. 2·period − 1
 *   divided by period; then ADX = (ADX · (period − 1) + DX) / period.
 *
 * First valid index 2·period − 1 (TA-Lib's begIndex, 27 for 14); NaN before. Operation order
 * follows TA-Lib's so the values agree to the last bit.
 * NaN inputs: as in TA-Lib, a NaN high or low enters the smoothed sums and every later value is NaN.
 */
export function adx(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  checkTaPeriod('adx', 'period', period, 2);
  const n = inputLength('adx', { high, low, close });
  const res = outputFor('adx', n, out);
  const begin = 2 * period - 1;
  res.fill(Number.NaN, 0, Math.min(begin, n));
  if (n <= begin) return res;
  let prevHigh = high[0];
  let prevLow = low[0];
  let prevClose = close[0];
  let minusDM = 0;
  let plusDM = 0;
  let tr = 0;
  for (let i = 1; i < period; i++) {
    const h = high[i];
    const l = low[i];
    const up = h - prevHigh;
    const down = prevLow - l;
    prevHigh = h;
    prevLow = l;
    if (down > 0 && up < down) minusDM += down;
    else if (up > 0 && up > down) plusDM += up;
    tr += trueRangeOf(h, l, prevClose);
    prevClose = close[i];
  }
  let sumDX = 0;
  let value = 0;
  for (let i = period; i < n; i++) {
    const h = high[i];
    const l = low[i];
    const up = h - prevHigh;
    const down = prevLow - l;
    prevHigh = h;
    prevLow = l;
    minusDM -= minusDM / period;
    plusDM -= plusDM / period;
    if (down > 0 && up < down) minusDM += down;
    else if (up > 0 && up > down) plusDM += up;
    tr = tr - tr / period + trueRangeOf(h, l, prevClose);
    prevClose = close[i];
    const dx = directionalIndex(minusDM, plusDM, tr);
    if (i <= begin) {
      if (dx !== SKIP) sumDX += dx;
      if (i < begin) continue;
      value = sumDX / period;
    } else if (dx !== SKIP) {
      value = (value * (period - 1) + dx) / period;
    }
    res[i] = value;
  }
  return res;
}

/** What directionalIndex returns for a bar TA-Lib leaves out (a DX is never negative). */
const SKIP = -1;

/**
 * DX from the smoothed sums, or SKIP where TA-Lib leaves the bar out (TR or −DI + +DI within 1e-14
 * of 0). TA_IS_ZERO is false for NaN, so NaN sums give a NaN DX that is used, as in TA-Lib.
 */
function directionalIndex(minusDM: number, plusDM: number, tr: number): number {
  if (-TA_EPSILON < tr && tr < TA_EPSILON) return SKIP;
  const minusDI = 100 * (minusDM / tr);
  const plusDI = 100 * (plusDM / tr);
  const sum = minusDI + plusDI;
  if (-TA_EPSILON < sum && sum < TA_EPSILON) return SKIP;
  return 100 * (Math.abs(minusDI - plusDI) / sum);
}

/**
 * ADX bar by bar; `update` returns what `adx` gives at that bar.
 * State: [count, previous high, low, close, −DM, +DM, TR, DX sum, ADX].
 */
export class AdxStream {
  private count = 0;
  private prevHigh = Number.NaN;
  private prevLow = Number.NaN;
  private prevClose = Number.NaN;
  private minusDM = 0;
  private plusDM = 0;
  private tr = 0;
  private sumDX = 0;
  private value = 0;

  constructor(readonly period: number) {
    checkTaPeriod('AdxStream', 'period', period, 2);
  }

  update(high: number, low: number, close: number): number {
    const p = this.period;
    const i = this.count++;
    if (i === 0) {
      this.prevHigh = high;
      this.prevLow = low;
      this.prevClose = close;
      return Number.NaN;
    }
    const up = high - this.prevHigh;
    const down = this.prevLow - low;
    this.prevHigh = high;
    this.prevLow = low;
    const tr = trueRangeOf(high, low, this.prevClose);
    this.prevClose = close;
    if (i < p) {
      if (down > 0 && up < down) this.minusDM += down;
      else if (up > 0 && up > down) this.plusDM += up;
      this.tr += tr;
      return Number.NaN;
    }
    this.minusDM -= this.minusDM / p;
    this.plusDM -= this.plusDM / p;
    if (down > 0 && up < down) this.minusDM += down;
    else if (up > 0 && up > down) this.plusDM += up;
    this.tr = this.tr - this.tr / p + tr;
    const dx = directionalIndex(this.minusDM, this.plusDM, this.tr);
    const begin = 2 * p - 1;
    if (i <= begin) {
      if (dx !== SKIP) this.sumDX += dx;
      if (i < begin) return Number.NaN;
      this.value = this.sumDX / p;
    } else if (dx !== SKIP) {
      this.value = (this.value * (p - 1) + dx) / p;
    }
    return this.value;
  }

  snapshot(): Float64Array {
    return Float64Array.of(
      this.count,
      this.prevHigh,
      this.prevLow,
      this.prevClose,
      this.minusDM,
      this.plusDM,
      this.tr,
      this.sumDX,
      this.value,
    );
  }

  static restore(period: number, state: Float64Array): AdxStream {
    const s = new AdxStream(period);
    checkStateLength('AdxStream.restore', state, 9);
    s.count = state[0];
    s.prevHigh = state[1];
    s.prevLow = state[2];
    s.prevClose = state[3];
    s.minusDM = state[4];
    s.plusDM = state[5];
    s.tr = state[6];
    s.sumDX = state[7];
    s.value = state[8];
    return s;
  }
}
