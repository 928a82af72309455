import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/core/compute/select-backend.js';
import { tf } from '../../src/core/compute/tfjs.js';
import { defaultPolicySpec, policyWeightNames, type PolicySpec } from '../../src/core/learn/policy-spec.js';
import { loadTfjsArtifacts, saveTfjsArtifacts } from '../../src/core/models/tfjs-artifacts.js';
import { randomPolicyWeights } from '../helpers/models-fixtures.js';
import { tempDir } from '../helpers/paths.js';

const specs: [string, PolicySpec][] = [
  ['per-market heads', defaultPolicySpec],
  ['one head, three hidden layers', { ...defaultPolicySpec, hidden: [32, 16, 8], perMarketHeads: false }],
];

describe('tfjs model artifacts', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it.each(specs)('%s: save then load gives the same spec and bit-identical weights', (_, spec) => {
    const dir = path.join(tempDir(), 'model');
    const weights = randomPolicyWeights(spec, 42);
    // Values a float32 file must keep exactly: signed zero, subnormal, extremes.
    weights['policy/bias'].data.set([-0, 1e-45, 3.4028234663852886e38]);
    const saved = saveTfjsArtifacts(dir, spec, weights, { name: 'x', seed: 42 });
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    expect(saved.bytes).toBe(fs.statSync(saved.modelJson).size + fs.statSync(saved.weightsBin).size);

    const loaded = loadTfjsArtifacts(dir);
    expect(loaded.spec).toEqual(spec);
    expect(Object.keys(loaded.weights)).toEqual(policyWeightNames(spec));
    for (const name of policyWeightNames(spec)) {
      expect(loaded.weights[name].shape).toEqual(weights[name].shape);
      expect(Buffer.from(loaded.weights[name].data.buffer)).toEqual(Buffer.from(weights[name].data.buffer));
    }
    expect(Object.is(loaded.weights['policy/bias'].data[0], -0)).toBe(true);
  });

  it('writes model.json in the tfjs manifest layout that tf.io.decodeWeights reads', () => {
    const dir = tempDir();
    const weights = randomPolicyWeights(defaultPolicySpec, 3);
    saveTfjsArtifacts(dir, defaultPolicySpec, weights, { runId: 5 });
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('tradelab-policy');
    expect(typeof json.generatedBy).toBe('string');
    expect(json.meta).toEqual({ runId: 5 });
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);

    const bin = fs.readFileSync(path.join(dir, 'weights.bin'));
    const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length);
    const tensors = tf.io.decodeWeights(buffer, json.weightsManifest[0].weights);
    try {
      expect(Object.keys(tensors)).toEqual(policyWeightNames(defaultPolicySpec));
      for (const [name, t] of Object.entries(tensors)) {
        expect(t.shape).toEqual(weights[name].shape);
        expect(t.dtype).toBe('float32');
        expect(Array.from(t.dataSync())).toEqual(Array.from(weights[name].data));
      }
    } finally {
      tf.dispose(Object.values(tensors));
    }
  });

  it('leaves no temporary files and overwrites a previous save in place', () => {
    const dir = tempDir();
    saveTfjsArtifacts(dir, defaultPolicySpec, randomPolicyWeights(defaultPolicySpec, 1));
    const second = randomPolicyWeights(defaultPolicySpec, 2);
    saveTfjsArtifacts(dir, defaultPolicySpec, second);
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    expect(Array.from(loadTfjsArtifacts(dir).weights['value/kernel'].data)).toEqual(
      Array.from(second['value/kernel'].data),
    );
  });

  it('refuses to save weights that do not fit the spec', () => {
    const weights = randomPolicyWeights(defaultPolicySpec, 1);
    delete weights['value/bias'];
    expect(() => saveTfjsArtifacts(tempDir(), defaultPolicySpec, weights)).toThrow(
      /"value\/bias" is missing/,
    );
  });

  it('refuses a truncated weights.bin, a foreign model.json and a manifest that disagrees with the spec', () => {
    const dir = tempDir();
    saveTfjsArtifacts(dir, defaultPolicySpec, randomPolicyWeights(defaultPolicySpec, 1));
    const binPath = path.join(dir, 'weights.bin');
    const bin = fs.readFileSync(binPath);
    fs.writeFileSync(binPath, bin.subarray(0, bin.length - 4));
    expect(() => loadTfjsArtifacts(dir)).toThrow(/weights\.bin has \d+ bytes, the manifest needs/);
    fs.writeFileSync(binPath, bin);

    const jsonPath = path.join(dir, 'model.json');
    const json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
    fs.writeFileSync(jsonPath, JSON.stringify({ ...json, spec: { ...json.spec, hidden: [64, 32] } }));
    expect(() => loadTfjsArtifacts(dir)).toThrow(
      /"encoder\/1\/kernel" shape \[64, 64\], the spec needs \[64, 32\]/,
    );

    fs.writeFileSync(jsonPath, JSON.stringify({ ...json, format: 'layers-model' }));
    expect(() => loadTfjsArtifacts(dir)).toThrow(
      /cannot read .*model\.json: not a tradelab-policy model\.json/,
    );
  });
});
