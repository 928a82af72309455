import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/core/compute/select-backend.js';
import { PolicyNetwork } from '../../src/core/learn/policy-network.js';
import { defaultPolicySpec, referenceForward, type PolicySpec } from '../../src/core/learn/policy-spec.js';
import { listModels } from '../../src/core/models/models-repo.js';
import { checkOnnxParity, runOnnxPolicy } from '../../src/core/models/onnx-check.js';
import { exportPolicyOnnx } from '../../src/core/models/onnx-export.js';
import {
  ONNX_CHECK_OBSERVATIONS,
  ONNX_MAX_ABS_DIFF,
  registerPolicyModel,
} from '../../src/core/models/register-model.js';
import { Rng } from '../../src/core/sim/rng.js';
import { OBS_MARKET_TYPE, OBS_POSITION, OBS_SIZE } from '../../src/core/sim/training-series.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import {
  randomPolicyWeights,
  realObservations,
  sampleEvaluation,
  sampleLineage,
} from '../helpers/models-fixtures.js';
import { tempDir } from '../helpers/paths.js';

/**
 * The acceptance check for the registry: the exported ONNX, run by onnxruntime-node, gives
 * the policy's outputs within 1e-5 on 10,000 real observations (BTCUSDT 1h and AAPL 1h bars through
 * the feature engine), for both head layouts, against the float64 reference and the tfjs network.
 */

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const specs: [string, PolicySpec][] = [
  ['per-market heads', { ...defaultPolicySpec, perMarketHeads: true }],
  ['one head', { ...defaultPolicySpec, perMarketHeads: false }],
];

describe('ONNX parity on 10,000 real observations', () => {
  const real = realObservations();

  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('uses real observations of both markets, with positions taken', () => {
    expect(real.n).toBe(ONNX_CHECK_OBSERVATIONS);
    expect(real.crypto).toBe(6_000);
    expect(real.stock).toBe(4_000);
    const positions = new Set<number>();
    for (let i = 0; i < real.n; i++) {
      expect([0, 1]).toContain(real.obs[i * OBS_SIZE + OBS_MARKET_TYPE]);
      positions.add(real.obs[i * OBS_SIZE + OBS_POSITION]);
    }
    expect([...positions].sort()).toEqual([-1, 0, 1]);
    expect(real.obs.every(Number.isFinite)).toBe(true);
  });

  it.each(specs)('%s: onnxruntime equals the float64 reference forward within 1e-5', async (_, spec) => {
    const weights = randomPolicyWeights(spec, 20_260_101);
    const onnx = exportPolicyOnnx(spec, weights);
    const got = await runOnnxPolicy(onnx, real.obs, real.n);
    const ref = referenceForward(spec, weights, real.obs, real.n);
    const probabilitiesDiff = maxAbsDiff(got.probabilities, ref.probabilities);
    const valuesDiff = maxAbsDiff(got.values, ref.values);
    console.log(
      `${spec.perMarketHeads ? 'two heads' : 'one head'}: max |onnx − reference| probabilities ${probabilitiesDiff.toExponential(2)}, values ${valuesDiff.toExponential(2)}`,
    );
    expect(probabilitiesDiff).toBeLessThanOrEqual(ONNX_MAX_ABS_DIFF);
    expect(valuesDiff).toBeLessThanOrEqual(ONNX_MAX_ABS_DIFF);

    // The heads really differ on these inputs, so the market selection is exercised.
    if (spec.perMarketHeads) {
      const stockOnly = referenceForward({ ...spec }, weights, forceMarket(real.obs, real.n, 0), real.n);
      expect(maxAbsDiff(stockOnly.probabilities, ref.probabilities)).toBeGreaterThan(0.01);
    }
  });

  it.each(specs)('%s: onnxruntime equals the tfjs PolicyNetwork within 1e-5', async (_, spec) => {
    const net = new PolicyNetwork(spec, new Rng(1));
    try {
      const weights = randomPolicyWeights(spec, 77);
      net.setWeights(weights);
      const tfjs = await net.predict(real.obs, real.n);
      const parity = await checkOnnxParity(exportPolicyOnnx(spec, net.getWeights()), real.obs, real.n, tfjs);
      console.log(
        `${spec.perMarketHeads ? 'two heads' : 'one head'}: max |onnx − tfjs| ${parity.maxAbsDiff.toExponential(2)}`,
      );
      expect(parity.observations).toBe(10_000);
      expect(parity.maxAbsDiff).toBeLessThanOrEqual(ONNX_MAX_ABS_DIFF);
    } finally {
      net.dispose();
    }
  });

  it('registers a model checked on the 10,000 observations against the tfjs network', async () => {
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    const spec = defaultPolicySpec;
    const net = new PolicyNetwork(spec, new Rng(2026));
    try {
      const model = await registerPolicyModel({
        db,
        dataDir,
        runId: null,
        name: 'parity check',
        spec,
        weights: net.getWeights(),
        tfjsForward: (obs, n) => net.predict(obs, n),
        checkObservations: real.obs,
        checkCount: real.n,
        series: sampleLineage(),
        evaluation: sampleEvaluation(),
        config: {},
        seed: 2026,
        backend: 'wasm',
        codeVersion: 'test',
        dataHash: '0'.repeat(64),
        featureSetVersion: 'observation',
        now: Date.UTC(2026, 0, 1),
      });
      expect(model.onnxCheck.observations).toBe(10_000);
      expect(model.onnxCheck.maxAbsDiff).toBeLessThanOrEqual(ONNX_MAX_ABS_DIFF);
      expect(listModels(db).map((m) => m.id)).toEqual([model.id]);
    } finally {
      net.dispose();
      db.close();
    }
  });
});

function forceMarket(obs: Float32Array, n: number, market: 0 | 1): Float32Array {
  const copy = obs.slice();
  for (let i = 0; i < n; i++) copy[i * OBS_SIZE + OBS_MARKET_TYPE] = market;
  return copy;
}
