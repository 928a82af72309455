import { ACTION_COUNT, OBS_MARKET_TYPE, OBS_SIZE } from '../sim/training-series.js';

/**
 * The policy network's shape, shared by the tfjs trainer, the checkpoint files, the tfjs-format
 * save and the ONNX export: an MLP encoder (tanh) over the observation, then a policy head
 * (ACTION_COUNT logits; with per-market heads, one set per market selected by the observation's
 * market_type value: logits = m · crypto + (1 − m) · stock) and a value head (1).
 */
export interface PolicySpec {
  obsSize: number;
  hidden: number[];
  actions: number;
  /** Two policy heads (stock, crypto) selected by obs[marketTypeIndex], instead of one. */
  perMarketHeads: boolean;
  marketTypeIndex: number;
}

export const defaultPolicySpec: PolicySpec = {
  obsSize: OBS_SIZE,
  hidden: [64, 64],
  actions: ACTION_COUNT,
  perMarketHeads: true,
  marketTypeIndex: OBS_MARKET_TYPE,
};

/** A named weight tensor, row-major (a dense kernel is [in, out]). */
export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

/**
 * The network's weights by name:
 * - `encoder/<k>/kernel` [in, hidden[k]] and `encoder/<k>/bias` [hidden[k]] for k = 0.. (tanh after each);
 * - `policy/kernel` [last, actions × heads] and `policy/bias` [actions × heads]; with per-market
 *   heads columns 0..actions−1 are the stock head and actions..2·actions−1 the crypto head;
 * - `value/kernel` [last, 1] and `value/bias` [1].
 */
export type PolicyWeights = Record<string, WeightTensor>;

export function policyWeightNames(spec: PolicySpec): string[] {
  const names: string[] = [];
  spec.hidden.forEach((_, k) => names.push(`encoder/${k}/kernel`, `encoder/${k}/bias`));
  names.push('policy/kernel', 'policy/bias', 'value/kernel', 'value/bias');
  return names;
}

export function policyWeightShapes(spec: PolicySpec): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  let input = spec.obsSize;
  spec.hidden.forEach((h, k) => {
    shapes[`encoder/${k}/kernel`] = [input, h];
    shapes[`encoder/${k}/bias`] = [h];
    input = h;
  });
  const heads = spec.perMarketHeads ? 2 : 1;
  shapes['policy/kernel'] = [input, spec.actions * heads];
  shapes['policy/bias'] = [spec.actions * heads];
  shapes['value/kernel'] = [input, 1];
  shapes['value/bias'] = [1];
  return shapes;
}

/**
 * Reference forward pass in plain float64 JS (tests, ONNX checks, and the paper trader's fallback):
 * logits and their softmax `probabilities` (n × actions) and values (n) for n observations. The
 * exported models output probabilities and values, not logits: a confident policy's logits reach
 * |10| and more, where float32 implementations differ by ~1e-5 on their own.
 */
export function referenceForward(
  spec: PolicySpec,
  weights: PolicyWeights,
  obs: Float32Array,
  n: number,
): { logits: Float64Array; probabilities: Float64Array; values: Float64Array } {
  let input: Float64Array = Float64Array.from(obs.subarray(0, n * spec.obsSize));
  let width = spec.obsSize;
  spec.hidden.forEach((h, k) => {
    input = dense(input, n, width, weights[`encoder/${k}/kernel`], weights[`encoder/${k}/bias`], h, true);
    width = h;
  });
  const heads = spec.perMarketHeads ? 2 : 1;
  const raw = dense(
    input,
    n,
    width,
    weights['policy/kernel'],
    weights['policy/bias'],
    spec.actions * heads,
    false,
  );
  const logits = new Float64Array(n * spec.actions);
  for (let i = 0; i < n; i++) {
    const m = heads === 2 ? obs[i * spec.obsSize + spec.marketTypeIndex] : 0;
    for (let a = 0; a < spec.actions; a++) {
      const stock = raw[i * spec.actions * heads + a];
      logits[i * spec.actions + a] =
        heads === 2 ? m * raw[i * spec.actions * heads + spec.actions + a] + (1 - m) * stock : stock;
    }
  }
  const values = dense(input, n, width, weights['value/kernel'], weights['value/bias'], 1, false);
  return { logits, probabilities: softmaxRows(logits, n, spec.actions), values };
}

/** Row-wise softmax of an n × width matrix (max-shifted, so large logits do not overflow). */
export function softmaxRows(logits: ArrayLike<number>, n: number, width: number): Float64Array {
  const out = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    const row = i * width;
    let max = -Infinity;
    for (let k = 0; k < width; k++) max = Math.max(max, logits[row + k]);
    let sum = 0;
    for (let k = 0; k < width; k++) sum += out[row + k] = Math.exp(logits[row + k] - max);
    for (let k = 0; k < width; k++) out[row + k] /= sum;
  }
  return out;
}

function dense(
  x: Float64Array,
  n: number,
  inWidth: number,
  kernel: WeightTensor,
  bias: WeightTensor,
  outWidth: number,
  tanh: boolean,
): Float64Array {
  const y = new Float64Array(n * outWidth);
  for (let i = 0; i < n; i++) {
    for (let o = 0; o < outWidth; o++) {
      let s = bias.data[o];
      for (let k = 0; k < inWidth; k++) s += x[i * inWidth + k] * kernel.data[k * outWidth + o];
      y[i * outWidth + o] = tanh ? Math.tanh(s) : s;
    }
  }
  return y;
}
