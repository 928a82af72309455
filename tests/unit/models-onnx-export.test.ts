import { describe, expect, it } from 'vitest';
import { defaultPolicySpec, referenceForward, type PolicySpec } from '../../src/core/learn/policy-spec.js';
import { checkOnnxParity, runOnnxPolicy } from '../../src/core/models/onnx-check.js';
import { exportPolicyOnnx, ONNX_IR_VERSION, ONNX_OPSET } from '../../src/core/models/onnx-export.js';
import { ProtoWriter } from '../../src/core/models/protobuf-writer.js';
import { Rng } from '../../src/core/sim/rng.js';
import { OBS_MARKET_TYPE, OBS_SIZE } from '../../src/core/sim/training-series.js';
import { randomPolicyWeights } from '../helpers/models-fixtures.js';

/** A protobuf reader for the test only: top-level fields of a message as (field, wire, value). */
function readFields(bytes: Uint8Array): { field: number; wire: number; value: bigint | Uint8Array }[] {
  const out: { field: number; wire: number; value: bigint | Uint8Array }[] = [];
  let pos = 0;
  const varint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new Error('truncated varint');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < bytes.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 2) {
      const len = Number(varint());
      out.push({ field, wire, value: bytes.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 5) {
      out.push({ field, wire, value: bytes.subarray(pos, pos + 4) });
      pos += 4;
    } else if (wire === 1) {
      out.push({ field, wire, value: bytes.subarray(pos, pos + 8) });
      pos += 8;
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

/** Constructed observations: standard normal values, market_type alternating 0/1. */
function constructedObservations(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const obs = new Float32Array(n * OBS_SIZE);
  for (let i = 0; i < obs.length; i++) obs[i] = rng.normal();
  for (let i = 0; i < n; i++) obs[i * OBS_SIZE + OBS_MARKET_TYPE] = i % 2;
  return obs;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('protobuf writer', () => {
  it('encodes varints of every size, including above 2^31 and 2^53 (bigint) and negative int64', () => {
    const values = [
      0n,
      1n,
      127n,
      128n,
      300n,
      2n ** 31n - 1n,
      2n ** 31n,
      2n ** 32n + 5n,
      1_700_000_000_000n,
      2n ** 53n + 1n,
      2n ** 64n - 1n,
    ];
    const w = new ProtoWriter();
    values.forEach((v, i) => w.int(i + 1, v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v));
    w.int(20, -1);
    const fields = readFields(w.finish());
    expect(fields.map((f) => f.field)).toEqual([...values.map((_, i) => i + 1), 20]);
    expect(fields.slice(0, values.length).map((f) => f.value)).toEqual(values);
    // Negative int64 is its two's complement as an unsigned 64-bit varint (ten bytes).
    expect(fields[values.length].value).toBe(2n ** 64n - 1n);
  });

  it('encodes 2^31 as five bytes, the exact protobuf encoding', () => {
    const w = new ProtoWriter();
    w.varint(2 ** 31);
    expect(Array.from(w.finish())).toEqual([0x80, 0x80, 0x80, 0x80, 0x08]);
    const w2 = new ProtoWriter();
    w2.varint(300);
    expect(Array.from(w2.finish())).toEqual([0xac, 0x02]);
  });

  it('refuses what a varint cannot hold instead of wrapping', () => {
    expect(() => new ProtoWriter().varint(2 ** 53)).toThrow(/not a safe integer/);
    expect(() => new ProtoWriter().varint(1.5)).toThrow(/not a safe integer/);
    expect(() => new ProtoWriter().varint(2n ** 64n)).toThrow(/64-bit range/);
  });

  it('frames strings, bytes, floats and nested messages', () => {
    const w = new ProtoWriter()
      .string(1, 'héllo')
      .float(2, 1.5)
      .message(3, (m) => m.int(1, 2 ** 40));
    const [s, f, m] = readFields(w.finish());
    expect(new TextDecoder().decode(s.value as Uint8Array)).toBe('héllo');
    expect(new DataView((f.value as Uint8Array).slice().buffer).getFloat32(0, true)).toBe(1.5);
    expect(readFields(m.value as Uint8Array)[0].value).toBe(2n ** 40n);
  });
});

describe('ONNX export', () => {
  const specs: [string, PolicySpec][] = [
    ['per-market heads', { ...defaultPolicySpec, perMarketHeads: true }],
    ['one head', { ...defaultPolicySpec, perMarketHeads: false }],
  ];

  it('writes a ModelProto with IR version 8 and the default-domain opset 13', () => {
    const bytes = exportPolicyOnnx(defaultPolicySpec, randomPolicyWeights(defaultPolicySpec, 1));
    const fields = readFields(bytes);
    expect(fields.find((f) => f.field === 1)?.value).toBe(BigInt(ONNX_IR_VERSION));
    const opset = readFields(fields.find((f) => f.field === 8)!.value as Uint8Array);
    expect(opset.find((f) => f.field === 2)?.value).toBe(BigInt(ONNX_OPSET));
    expect(new TextDecoder().decode(opset.find((f) => f.field === 1)?.value as Uint8Array)).toBe('');
  });

  it('stores the model version above 2^31 (a creation time in ms) and onnxruntime loads the file', async () => {
    const createdAt = 1_767_225_600_000; // 2026-01-01, > 2^40
    const bytes = exportPolicyOnnx(defaultPolicySpec, randomPolicyWeights(defaultPolicySpec, 2), {
      modelVersion: createdAt,
    });
    expect(readFields(bytes).find((f) => f.field === 5)?.value).toBe(BigInt(createdAt));
    const out = await runOnnxPolicy(bytes, constructedObservations(4, 3), 4);
    expect(out.probabilities.length).toBe(12);
    expect(out.values.length).toBe(4);
    for (let i = 0; i < 4; i++)
      expect(
        out.probabilities[3 * i] + out.probabilities[3 * i + 1] + out.probabilities[3 * i + 2],
      ).toBeCloseTo(1, 6);
  });

  it.each(specs)(
    '%s: onnxruntime equals the float64 reference forward (constructed inputs)',
    async (_, spec) => {
      const weights = randomPolicyWeights(spec, 7);
      const n = 257;
      const obs = constructedObservations(n, 11);
      const onnx = exportPolicyOnnx(spec, weights);
      const got = await runOnnxPolicy(onnx, obs, n);
      const ref = referenceForward(spec, weights, obs, n);
      expect(maxAbsDiff(got.probabilities, ref.probabilities)).toBeLessThanOrEqual(1e-5);
      expect(maxAbsDiff(got.values, ref.values)).toBeLessThanOrEqual(1e-5);
      const parity = await checkOnnxParity(onnx, obs, n, ref);
      expect(parity.observations).toBe(n);
      expect(parity.maxAbsDiff).toBeLessThanOrEqual(1e-5);
    },
  );

  it('selects the crypto head where market_type is 1 and the stock head where it is 0', async () => {
    const spec = defaultPolicySpec;
    const weights = randomPolicyWeights(spec, 5);
    // Crypto head's bias of action 0 +100: only crypto rows move, to certainty on action 0.
    weights['policy/bias'].data[spec.actions] += 100;
    const base = await runOnnxPolicy(
      exportPolicyOnnx(spec, randomPolicyWeights(spec, 5)),
      constructedObservations(2, 9),
      2,
    );
    const moved = await runOnnxPolicy(exportPolicyOnnx(spec, weights), constructedObservations(2, 9), 2);
    expect(base.probabilities[3]).toBeLessThan(0.99);
    for (let a = 0; a < 3; a++) {
      expect(moved.probabilities[a]).toBeCloseTo(base.probabilities[a], 6); // row 0: stock
      expect(moved.probabilities[3 + a]).toBeCloseTo(a === 0 ? 1 : 0, 6); // row 1: crypto
    }
  });

  it('finds a difference: a parity check against other weights reports it', async () => {
    const spec = defaultPolicySpec;
    const weights = randomPolicyWeights(spec, 7);
    const other = randomPolicyWeights(spec, 7);
    other['value/bias'].data[0] += 1e-3;
    const obs = constructedObservations(10, 1);
    const parity = await checkOnnxParity(
      exportPolicyOnnx(spec, weights),
      obs,
      10,
      referenceForward(spec, other, obs, 10),
    );
    expect(parity.maxAbsDiff).toBeGreaterThan(9e-4);
  });

  it('refuses weights whose shape is not the spec’s, naming the weight', () => {
    const weights = randomPolicyWeights(defaultPolicySpec, 1);
    weights['encoder/1/kernel'] = { shape: [64, 32], data: new Float32Array(64 * 32) };
    expect(() => exportPolicyOnnx(defaultPolicySpec, weights)).toThrow(
      /"encoder\/1\/kernel" has shape \[64, 32\]/,
    );
  });
});
