import { describe, expect, it } from 'vitest';
import { ReturnNormalizer } from '../../src/core/learn/return-normalizer.js';
import { Rng } from '../../src/core/sim/rng.js';

describe('ReturnNormalizer', () => {
  it('starts as the identity (μ 0, σ 1)', () => {
    const n = new ReturnNormalizer();
    const v = Float32Array.from([-2, 0.5, 3]);
    n.normalize(v);
    expect([...v]).toEqual([-2, 0.5, 3]);
    expect(n.std).toBe(1);
  });

  it('batch updates give the mean and variance of all targets seen', () => {
    const rng = new Rng(4);
    const all: number[] = [];
    const n = new ReturnNormalizer();
    for (const size of [100, 1, 37, 500]) {
      const batch = Float32Array.from({ length: size }, () => 3 + 5 * rng.normal());
      n.update(batch);
      all.push(...batch);
    }
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length;
    expect(n.state.count).toBe(638);
    expect(n.mean).toBeCloseTo(mean, 10);
    expect(n.std).toBeCloseTo(Math.sqrt(variance), 6);
    expect(n.std).toBeGreaterThan(4);
  });

  it('denormalize inverts normalize; a constant batch does not divide by zero', () => {
    const n = new ReturnNormalizer();
    n.update(Float32Array.from([2, 2, 2]));
    expect(n.std).toBeGreaterThan(0);
    n.update(Float32Array.from([10, -4, 7]));
    const v = Float32Array.from([12, -3, 0.25]);
    n.normalize(v);
    n.denormalize(v);
    [12, -3, 0.25].forEach((x, i) => expect(v[i]).toBeCloseTo(x, 4));
  });

  it('round-trips its state and refuses an invalid one', () => {
    const a = new ReturnNormalizer();
    a.update(Float32Array.from([1, 5, 9]));
    const b = new ReturnNormalizer();
    b.state = a.state;
    expect(b.state).toEqual(a.state);
    expect(() => (b.state = { count: 1, mean: Number.NaN, m2: 0 })).toThrow(/invalid state/);
  });
});
