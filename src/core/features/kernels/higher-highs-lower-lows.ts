import { checkTaPeriod, inputLength, outputFor } from './internal/ta-params.js';
import { RollingRing } from './internal/rolling-ring.js';

/**
 * Higher highs and lower lows over the last `period` bar-to-bar steps: `higherHighs` counts the
 * bars j in (i − period, i] whose high exceeds bar j − 1's high, `lowerLows` those whose low is
 * below bar j − 1's low, `net` = higherHighs − lowerLows (from −period, a clean downtrend, to
 * +period). A step needs the previous bar, so the first value is at index `period` (NaN before).
 * Equal highs (lows) count as neither. A step touching a NaN high or low counts as neither (the
 * comparison is false), so a bad bar does not spread beyond its own two steps.
 */
export interface HigherHighsLowerLows {
  higherHighs: Float64Array;
  lowerLows: Float64Array;
  net: Float64Array;
}

export function higherHighsLowerLows(
  high: Float64Array,
  low: Float64Array,
  period: number,
  out?: HigherHighsLowerLows,
): HigherHighsLowerLows {
  checkTaPeriod('higherHighsLowerLows', 'period', period, 1);
  const n = inputLength('higherHighsLowerLows', { high, low });
  const hhOut = outputFor('higherHighsLowerLows', n, out?.higherHighs, 'out.higherHighs');
  const llOut = outputFor('higherHighsLowerLows', n, out?.lowerLows, 'out.lowerLows');
  const netOut = outputFor('higherHighsLowerLows', n, out?.net, 'out.net');
  // Step codes of the window (1 = higher high, 2 = lower low, 3 = both) in a ring, so the step
  // leaving the window is subtracted without comparing its bars again.
  const steps = new Uint8Array(period);
  let slot = 0;
  let hh = 0;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    if (i >= 1) {
      const code = (high[i] > high[i - 1] ? 1 : 0) | (low[i] < low[i - 1] ? 2 : 0);
      const gone = steps[slot]; // 0 until `period` steps are held
      steps[slot] = code;
      slot = slot + 1 === period ? 0 : slot + 1;
      hh += (code & 1) - (gone & 1);
      ll += (code >> 1) - (gone >> 1);
    }
    if (i < period) {
      hhOut[i] = llOut[i] = netOut[i] = Number.NaN;
    } else {
      hhOut[i] = hh;
      llOut[i] = ll;
      netOut[i] = hh - ll;
    }
  }
  return { higherHighs: hhOut, lowerLows: llOut, net: netOut };
}

/** One bar of `higherHighsLowerLows`. */
export interface HigherHighsLowerLowsValue {
  higherHighs: number;
  lowerLows: number;
  net: number;
}

/**
 * Higher highs / lower lows bar by bar; `update` returns what the batch kernel gives at that bar.
 * The returned object is reused by the next update (read it before updating again).
 * State: [bars seen, previous high, previous low, ring of step codes (1 = higher high, 2 = lower low)].
 */
export class HigherHighsLowerLowsStream {
  private readonly steps: RollingRing;
  private readonly value: HigherHighsLowerLowsValue = { higherHighs: NaN, lowerLows: NaN, net: NaN };
  private count = 0;
  private prevHigh = Number.NaN;
  private prevLow = Number.NaN;
  private hh = 0;
  private ll = 0;

  constructor(readonly params: { period: number }) {
    checkTaPeriod('HigherHighsLowerLowsStream', 'period', params.period, 1);
    this.steps = new RollingRing(params.period);
  }

  update(high: number, low: number): HigherHighsLowerLowsValue {
    const i = this.count++;
    if (i >= 1) {
      const code = (high > this.prevHigh ? 1 : 0) + (low < this.prevLow ? 2 : 0);
      this.hh += code & 1;
      this.ll += code >> 1;
      const gone = this.steps.push(code); // NaN until `period` steps are held
      if (gone === gone) {
        this.hh -= gone & 1;
        this.ll -= gone >> 1;
      }
    }
    this.prevHigh = high;
    this.prevLow = low;
    const v = this.value;
    if (i < this.params.period) {
      v.higherHighs = v.lowerLows = v.net = Number.NaN;
    } else {
      v.higherHighs = this.hh;
      v.lowerLows = this.ll;
      v.net = this.hh - this.ll;
    }
    return v;
  }

  snapshot(): Float64Array {
    const state = new Float64Array(5 + this.steps.stateSize);
    state[0] = this.count;
    state[1] = this.prevHigh;
    state[2] = this.prevLow;
    state[3] = this.hh;
    state[4] = this.ll;
    this.steps.writeTo(state, 5);
    return state;
  }

  static restore(params: { period: number }, state: Float64Array): HigherHighsLowerLowsStream {
    const s = new HigherHighsLowerLowsStream(params);
    if (state.length !== 5 + s.steps.stateSize) {
      throw new Error(
        `HigherHighsLowerLowsStream.restore: period ${params.period} needs ${5 + s.steps.stateSize} numbers, got ${state.length}`,
      );
    }
    s.count = state[0];
    s.prevHigh = state[1];
    s.prevLow = state[2];
    s.hh = state[3];
    s.ll = state[4];
    s.steps.readFrom(state, 5);
    return s;
  }
}
