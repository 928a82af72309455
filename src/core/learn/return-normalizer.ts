/**
 * Running mean and variance of the PPO value targets (the GAE returns), so that the value head
 * learns (R − μ)/σ instead of R. Un-normalised returns grow with the reward scale and the horizon
 * (a Full run's values reached |12|); normalised ones stay O(1), which keeps the value output of
 * the exported model well scaled (float32 implementations agree to ~1e-6 there) and the value
 * loss comparable across presets.
 *
 * Updated once per rollout with the batch's statistics (Chan et al.'s parallel form of Welford's
 * update), in float64. The state is three plain numbers: checkpoints store them, so a resumed run
 * normalises exactly as an uninterrupted one.
 */
export interface ReturnStats {
  /** Targets seen so far. */
  count: number;
  mean: number;
  /** Sum of squared deviations from the mean (variance · count). */
  m2: number;
}

/** Before any rollout: identity normalisation (μ 0, σ 1). */
export const initialReturnStats: ReturnStats = { count: 0, mean: 0, m2: 0 };

/** Variance floor: a constant-return batch must not make σ 0 (targets would divide by 0). */
const MIN_VARIANCE = 1e-8;

export class ReturnNormalizer {
  private stats: ReturnStats = { ...initialReturnStats };

  get state(): ReturnStats {
    return { ...this.stats };
  }

  set state(value: ReturnStats) {
    if (!(value.count >= 0 && Number.isFinite(value.mean) && value.m2 >= 0))
      throw new RangeError(
        `return normaliser: invalid state (count ${value.count}, mean ${value.mean}, m2 ${value.m2})`,
      );
    this.stats = { ...value };
  }

  get mean(): number {
    return this.stats.mean;
  }

  /** σ of the targets seen so far; 1 before any. */
  get std(): number {
    const { count, m2 } = this.stats;
    return count > 0 ? Math.sqrt(m2 / count + MIN_VARIANCE) : 1;
  }

  /** Folds a batch of targets into the running statistics. */
  update(targets: ArrayLike<number>): void {
    const n = targets.length;
    if (n === 0) return;
    let batchMean = 0;
    for (let i = 0; i < n; i++) batchMean += targets[i];
    batchMean /= n;
    let batchM2 = 0;
    for (let i = 0; i < n; i++) batchM2 += (targets[i] - batchMean) ** 2;
    const { count, mean, m2 } = this.stats;
    const total = count + n;
    const delta = batchMean - mean;
    this.stats = {
      count: total,
      mean: mean + (delta * n) / total,
      m2: m2 + batchM2 + (delta * delta * count * n) / total,
    };
  }

  /** In place: normalised network values → return scale (v·σ + μ). */
  denormalize(values: Float32Array): void {
    const { mean, std } = this;
    for (let i = 0; i < values.length; i++) values[i] = values[i] * std + mean;
  }

  /** In place: return-scale targets → normalised ((R − μ)/σ). */
  normalize(targets: Float32Array): void {
    const { mean, std } = this;
    for (let i = 0; i < targets.length; i++) targets[i] = (targets[i] - mean) / std;
  }
}
