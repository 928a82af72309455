import { checkTaPeriod, inputLength, outputFor } from './ta-params.js';
import { RollingRing } from './rolling-ring.js';

/**
 * Rolling N-bar VWAP (crypto, where a day anchor is arbitrary): Σ(typical price × volume) / Σ volume
 * over the last `period` bars including the current one, typical price = (high + low + close) / 3.
 * NaN for the first period − 1 bars, while a bar of the window has a NaN price or volume, and when
 * no bar of the window traded (Σ volume = 0).
 *
 * Running sums (O(1) per bar) are re-added from scratch every `period` bars (at bars i with
 * (i + 1) % period = 0), so rounding left by subtracting old bars cannot build up over a long series
 * (a huge-volume bar long gone would otherwise leave its rounding in the sum forever). The streaming
 * twin re-adds at the same bars in the same order, so the two agree bit for bit.
 */
export function vwapRolling(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  checkTaPeriod('vwapRolling', 'period', period, 1);
  const n = inputLength('vwapRolling', { high, low, close, volume });
  const res = outputFor('vwapRolling', n, out);
  let sumPv = 0;
  let sumV = 0;
  let bad = 0; // bars in the window with a NaN price or volume
  let traded = 0; // bars in the window with volume > 0
  for (let i = 0; i < n; i++) {
    const v = volume[i];
    const pv = ((high[i] + low[i] + close[i]) / 3) * v;
    if (pv === pv) {
      sumPv += pv;
      sumV += v;
      if (v > 0) traded++;
    } else bad++;
    if (i >= period) {
      const j = i - period;
      const vOld = volume[j];
      const pvOld = ((high[j] + low[j] + close[j]) / 3) * vOld;
      if (pvOld === pvOld) {
        sumPv -= pvOld;
        sumV -= vOld;
        if (vOld > 0) traded--;
      } else bad--;
    }
    if ((i + 1) % period === 0) {
      sumPv = 0;
      sumV = 0;
      for (let j = i + 1 - period; j <= i; j++) {
        const vj = volume[j];
        const pvj = ((high[j] + low[j] + close[j]) / 3) * vj;
        if (pvj === pvj) {
          sumPv += pvj;
          sumV += vj;
        }
      }
    }
    res[i] = i >= period - 1 && bad === 0 && traded > 0 ? sumPv / sumV : Number.NaN;
  }
  return res;
}

/**
 * Rolling VWAP bar by bar; `update` returns what `vwapRolling` gives at that bar. State: [bars seen,
 * Σ price·volume, Σ volume, NaN bars, traded bars, ring of price·volume, ring of volume].
 */
export class VwapRollingStream {
  private readonly pv: RollingRing;
  private readonly vol: RollingRing;
  private count = 0;
  private sumPv = 0;
  private sumV = 0;
  private bad = 0;
  private traded = 0;

  constructor(readonly params: { period: number }) {
    checkTaPeriod('VwapRollingStream', 'period', params.period, 1);
    this.pv = new RollingRing(params.period);
    this.vol = new RollingRing(params.period);
  }

  update(high: number, low: number, close: number, volume: number): number {
    const period = this.params.period;
    const pv = ((high + low + close) / 3) * volume;
    if (pv === pv) {
      this.sumPv += pv;
      this.sumV += volume;
      if (volume > 0) this.traded++;
    } else this.bad++;
    const full = this.pv.full;
    const pvOld = this.pv.push(pv);
    const vOld = this.vol.push(volume);
    if (full) {
      if (pvOld === pvOld) {
        this.sumPv -= pvOld;
        this.sumV -= vOld;
        if (vOld > 0) this.traded--;
      } else this.bad--;
    }
    const i = this.count++;
    if ((i + 1) % period === 0) {
      let sumPv = 0;
      let sumV = 0;
      for (let k = 0; k < period; k++) {
        const pvk = this.pv.at(k);
        if (pvk === pvk) {
          sumPv += pvk;
          sumV += this.vol.at(k);
        }
      }
      this.sumPv = sumPv;
      this.sumV = sumV;
    }
    return i >= period - 1 && this.bad === 0 && this.traded > 0 ? this.sumPv / this.sumV : Number.NaN;
  }

  snapshot(): Float64Array {
    const state = new Float64Array(5 + this.pv.stateSize + this.vol.stateSize);
    state[0] = this.count;
    state[1] = this.sumPv;
    state[2] = this.sumV;
    state[3] = this.bad;
    state[4] = this.traded;
    this.pv.writeTo(state, 5);
    this.vol.writeTo(state, 5 + this.pv.stateSize);
    return state;
  }

  static restore(params: { period: number }, state: Float64Array): VwapRollingStream {
    const s = new VwapRollingStream(params);
    const size = 5 + s.pv.stateSize + s.vol.stateSize;
    if (state.length !== size) {
      throw new Error(
        `VwapRollingStream.restore: period ${params.period} needs ${size} numbers, got ${state.length}`,
      );
    }
    s.count = state[0];
    s.sumPv = state[1];
    s.sumV = state[2];
    s.bad = state[3];
    s.traded = state[4];
    s.pv.readFrom(state, 5);
    s.vol.readFrom(state, 5 + s.pv.stateSize);
    return s;
  }
}
