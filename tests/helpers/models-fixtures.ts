import { fitNormalization } from '../../src/core/features/normalization/normalization-stats.js';
import { buildObservations } from '../../src/core/features/observation/observation-builder.js';
import { emptyFeatureContext } from '../../src/core/features/registry/feature-context.js';
import {
  policyWeightNames,
  policyWeightShapes,
  type PolicySpec,
  type PolicyWeights,
} from '../../src/core/learn/policy-spec.js';
import { Rng } from '../../src/core/sim/rng.js';
import { OBS_MARKET_TYPE, OBS_SIZE } from '../../src/core/sim/training-series.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { tf } from '../../src/core/compute/tfjs.js';
import type {
  Evaluation,
  MarketKind,
  PerformanceStats,
  SeriesLineage,
} from '../../src/shared/contract/index.js';
import { observationColumns, trendFollowingPositions } from './observation-inputs.js';
import { dataPath } from './paths.js';
import { loadBinanceSeries } from './real-series.js';
import { loadYfinanceCsv } from './stock-bars.js';

/**
 * Inputs for the model registry tests (ONNX parity, artifacts): policy weights drawn from a
 * seeded Rng, and real observations built by the feature engine from real bars.
 */

/** Weights of `spec` drawn from N(0, 1/fan_in) (biases N(0, 0.1²)): the scale an initialised or trained net has. */
export function randomPolicyWeights(spec: PolicySpec, seed: number): PolicyWeights {
  const rng = new Rng(seed);
  const shapes = policyWeightShapes(spec);
  const weights: PolicyWeights = {};
  for (const name of policyWeightNames(spec)) {
    const shape = shapes[name];
    const size = shape.reduce((a, b) => a * b, 1);
    const scale = shape.length === 2 ? 1 / Math.sqrt(shape[0]) : 0.1;
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = rng.normal() * scale;
    weights[name] = { shape: [...shape], data };
  }
  return weights;
}

const HOUR = 3_600_000;

function seriesObservations(bars: BarColumns, market: MarketKind, symbol: string): Float64Array {
  const columns = observationColumns({
    bars,
    market,
    symbol,
    context: emptyFeatureContext(),
    intervalMs: HOUR,
  });
  const n = bars.time.length;
  const stats = fitNormalization(bars, bars.time[0], bars.time[Math.floor(n * 0.7)]);
  const positions = trendFollowingPositions(bars.close, columns, -1);
  return buildObservations(bars, columns, { market, stats }, (i) => positions[i]);
}

export interface RealObservations {
  obs: Float32Array;
  n: number;
  /** Rows with market_type 1 (crypto) and 0 (stock). */
  crypto: number;
  stock: number;
}

let memo: RealObservations | null = null;

/**
 * 10,000 real observations (float32, row-major × 53): the last 6,000 bars of BTCUSDT spot 1h 2021
 * and the last 4,000 bars of AAPL 1h (yfinance, regular session), built by the feature engine.
 */
export function realObservations(): RealObservations {
  if (memo) return memo;
  const btc = seriesObservations(
    loadBinanceSeries('BTCUSDT', '1h', { months: /2021-/ }),
    'crypto-spot',
    'BTCUSDT',
  );
  const aapl = seriesObservations(
    loadYfinanceCsv(dataPath('yahoo', 'yfinance-csv', 'AAPL_1h.csv')),
    'stock',
    'AAPL',
  );
  const take = (rows: Float64Array, count: number) => {
    const total = rows.length / OBS_SIZE;
    if (total < count) throw new Error(`realObservations: only ${total} rows, need ${count}`);
    return rows.subarray((total - count) * OBS_SIZE);
  };
  const obs = new Float32Array(10_000 * OBS_SIZE);
  obs.set(take(btc, 6_000), 0);
  obs.set(take(aapl, 4_000), 6_000 * OBS_SIZE);
  let crypto = 0;
  for (let i = 0; i < 10_000; i++) if (obs[i * OBS_SIZE + OBS_MARKET_TYPE] === 1) crypto++;
  memo = { obs, n: 10_000, crypto, stock: 10_000 - crypto };
  return memo;
}

/**
 * The policy's forward pass with tfjs ops (on the active backend), as the trainer's network computes
 * it: the registry's ONNX check compares against a function of this shape.
 */
export function tfjsPolicyForward(
  spec: PolicySpec,
  weights: PolicyWeights,
): (
  obs: Float32Array,
  n: number,
) => Promise<{ logits: Float32Array; probabilities: Float32Array; values: Float32Array }> {
  return async (obs, n) => {
    const w = (name: string) => tf.tensor(weights[name].data, weights[name].shape, 'float32');
    const [logits, probabilities, values] = tf.tidy(() => {
      const x = tf.tensor2d(obs.subarray(0, n * spec.obsSize), [n, spec.obsSize]);
      let h: tf.Tensor2D = x;
      spec.hidden.forEach((_, k) => {
        h = tf.tanh(
          tf.add<tf.Tensor2D>(tf.matMul(h, w(`encoder/${k}/kernel`) as tf.Tensor2D), w(`encoder/${k}/bias`)),
        );
      });
      let raw = tf.add(tf.matMul(h, w('policy/kernel') as tf.Tensor2D), w('policy/bias')) as tf.Tensor2D;
      if (spec.perMarketHeads) {
        const m = tf.slice(x, [0, spec.marketTypeIndex], [n, 1]);
        const stock = tf.slice(raw, [0, 0], [n, spec.actions]);
        const crypto = tf.slice(raw, [0, spec.actions], [n, spec.actions]);
        raw = tf.add(tf.mul(m, crypto), tf.mul(tf.sub(1, m), stock));
      }
      const value = tf.add(tf.matMul(h, w('value/kernel') as tf.Tensor2D), w('value/bias'));
      return [raw, tf.softmax(raw, -1), value];
    });
    try {
      return {
        logits: (await logits.data()) as Float32Array,
        probabilities: (await probabilities.data()) as Float32Array,
        values: (await values.data()) as Float32Array,
      };
    } finally {
      tf.dispose([logits, probabilities, values]);
    }
  };
}

const stats = (totalReturn: number): PerformanceStats => ({
  totalReturn,
  sharpe: totalReturn * 3,
  sortino: totalReturn * 4,
  maxDrawdown: 0.12,
  trades: totalReturn === 0 ? 0 : 17,
  feesPaid: totalReturn === 0 ? 0 : 0.0034,
  exposure: totalReturn === 0 ? 0 : 0.6,
  bars: 1_740,
});

/** An evaluation record of the contract's shape (values chosen, not computed: repo and registry tests). */
export function sampleEvaluation(): Evaluation {
  const comparison = { policy: stats(0.08), buyAndHold: stats(0.05), flat: stats(0) };
  return {
    overall: comparison,
    series: [
      {
        ...comparison,
        symbol: 'BTCUSDT',
        market: 'crypto-spot',
        interval: '1h',
        from: Date.UTC(2021, 9, 1),
        to: Date.UTC(2022, 0, 1),
      },
    ],
  };
}

/** Lineage of one series of the contract's shape. */
export function sampleLineage(): SeriesLineage[] {
  return [
    {
      symbol: 'BTCUSDT',
      market: 'crypto-spot',
      interval: '1h',
      trainFrom: Date.UTC(2021, 0, 1),
      trainTo: Date.UTC(2021, 8, 28),
      testFrom: Date.UTC(2021, 9, 1),
      testTo: Date.UTC(2022, 0, 1),
      trainBars: 6_500,
      testBars: 2_200,
      purgeBars: 48,
    },
  ];
}
