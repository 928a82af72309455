import { CDL_DOJI_LOOKBACK, cdlDoji, CdlDojiStream } from '../kernels/patterns/cdl-doji.js';
import {
  CDL_ENGULFING_LOOKBACK,
  cdlEngulfing,
  CdlEngulfingStream,
} from '../kernels/patterns/cdl-engulfing.js';
import { CDL_HAMMER_LOOKBACK, cdlHammer, CdlHammerStream } from '../kernels/patterns/cdl-hammer.js';
import {
  CDL_SHOOTING_STAR_LOOKBACK,
  cdlShootingStar,
  CdlShootingStarStream,
} from '../kernels/patterns/cdl-shooting-star.js';
import type { FeatureDefinition, FeatureStream } from '../registry/feature-definition.js';

/**
 * Candlestick patterns with the outputs of the TA-Lib bundled with talib@1.1.6 (0.6.0-dev), bit for
 * bit: 0 or ±100 (±80 for an engulfing whose bodies share an end), NaN during TA-Lib's lookback. Each
 * reads open/high/low/close of the bar and TA-Lib's averages over the bars before it.
 */

interface PatternStream {
  update(open: number, high: number, low: number, close: number): number;
  snapshot(): Float64Array;
}

interface PatternKernel {
  name: string;
  definition: string;
  talib: string;
  lookback: number;
  batch(open: Float64Array, high: Float64Array, low: Float64Array, close: Float64Array): Float64Array;
  create(): PatternStream;
  restore(state: Float64Array): PatternStream;
}

function patternDefinition(k: PatternKernel): FeatureDefinition {
  return {
    name: k.name,
    definition: k.definition,
    inputs: ['bars'],
    markets: ['stock', 'crypto-spot', 'crypto-perp'],
    warmup: k.lookback,
    kernelVersion: 1,
    params: { talib: k.talib },
    compute: ({ bars }) => [k.batch(bars.open, bars.high, bars.low, bars.close)],
    stream(): FeatureStream {
      let stream = k.create();
      return {
        update: (bars, i) => [stream.update(bars.open[i], bars.high[i], bars.low[i], bars.close[i])],
        snapshot: () => stream.snapshot(),
        restore(state) {
          stream = k.restore(state);
        },
      };
    },
  };
}

const kernels: PatternKernel[] = [
  {
    name: 'cdl_doji',
    definition:
      'TA-Lib CDLDOJI: 100 when |close − open| ≤ 10% of the mean high−low range of the 10 previous bars, else 0',
    talib: 'CDLDOJI',
    lookback: CDL_DOJI_LOOKBACK,
    batch: cdlDoji,
    create: () => new CdlDojiStream(),
    restore: (state) => CdlDojiStream.restore(state),
  },
  {
    name: 'cdl_hammer',
    definition:
      'TA-Lib CDLHAMMER: 100 for a small body, lower shadow longer than the body, very short upper shadow, ' +
      'body near the prior low (averages of the previous 10/5 bars), else 0',
    talib: 'CDLHAMMER',
    lookback: CDL_HAMMER_LOOKBACK,
    batch: cdlHammer,
    create: () => new CdlHammerStream(),
    restore: (state) => CdlHammerStream.restore(state),
  },
  {
    name: 'cdl_shooting_star',
    definition:
      'TA-Lib CDLSHOOTINGSTAR: −100 for a small body, upper shadow longer than the body, very short lower ' +
      'shadow, body gapping up from the prior body (averages of the previous 10 bars), else 0',
    talib: 'CDLSHOOTINGSTAR',
    lookback: CDL_SHOOTING_STAR_LOOKBACK,
    batch: cdlShootingStar,
    create: () => new CdlShootingStarStream(),
    restore: (state) => CdlShootingStarStream.restore(state),
  },
  {
    name: 'cdl_engulfing',
    definition:
      'TA-Lib CDLENGULFING: ±100 when the body engulfs the prior opposite-colour body, ±80 when they share ' +
      'one end, sign = bar colour, else 0',
    talib: 'CDLENGULFING',
    lookback: CDL_ENGULFING_LOOKBACK,
    batch: cdlEngulfing,
    create: () => new CdlEngulfingStream(),
    restore: (state) => CdlEngulfingStream.restore(state),
  },
];

/** cdl_doji, cdl_hammer, cdl_shooting_star, cdl_engulfing. */
export const patternDefinitions: FeatureDefinition[] = kernels.map(patternDefinition);
