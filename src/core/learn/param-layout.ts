import { policyWeightNames, policyWeightShapes, type PolicySpec, type PolicyWeights } from './policy-spec.js';

/**
 * The trainer keeps every parameter in ONE flat float32 vector, so the optimizer (Adam, gradient
 * clipping) is a dozen ops on one tensor instead of a dozen per weight. The vector is a sequence
 * of dense blocks, each stored as an [in + 1, out] row-major matrix whose last row is the bias:
 * the block's gradient is then exactly [Hᵀ; 1ᵀ] · dZ, one matMul with a ones row appended to the
 * transposed input.
 *
 * Blocks: encoder/0 .. encoder/L−1, then one head block that concatenates the policy logits and
 * the value (columns 0..policyColumns−1 are `policy/kernel`, column policyColumns is
 * `value/kernel`), so the forward pass needs a single matMul for both heads.
 */
export interface DenseBlock {
  inputs: number;
  outputs: number;
  /** Index of the block's first value in the flat vector. */
  offset: number;
}

export interface ParamLayout {
  spec: PolicySpec;
  encoder: DenseBlock[];
  head: DenseBlock;
  /** Policy logit columns in the head: actions × (2 with per-market heads, else 1). */
  policyColumns: number;
  /** Total number of parameters. */
  size: number;
}

export function paramLayout(spec: PolicySpec): ParamLayout {
  if (spec.hidden.length === 0) throw new RangeError('policy spec: at least one hidden layer is required');
  let offset = 0;
  let inputs = spec.obsSize;
  const encoder: DenseBlock[] = spec.hidden.map((outputs) => {
    const block = { inputs, outputs, offset };
    offset += (inputs + 1) * outputs;
    inputs = outputs;
    return block;
  });
  const policyColumns = spec.actions * (spec.perMarketHeads ? 2 : 1);
  const head = { inputs, outputs: policyColumns + 1, offset };
  offset += (inputs + 1) * head.outputs;
  return { spec, encoder, head, policyColumns, size: offset };
}

/** Named weights (policy-spec.ts naming) → the flat vector. */
export function packWeights(layout: ParamLayout, weights: PolicyWeights): Float32Array {
  checkWeights(layout.spec, weights);
  const flat = new Float32Array(layout.size);
  layout.encoder.forEach((block, k) => {
    writeBlockColumns(flat, block, 0, weights[`encoder/${k}/kernel`].data, weights[`encoder/${k}/bias`].data);
  });
  const { head, policyColumns } = layout;
  writeBlockColumns(flat, head, 0, weights['policy/kernel'].data, weights['policy/bias'].data);
  writeBlockColumns(flat, head, policyColumns, weights['value/kernel'].data, weights['value/bias'].data);
  return flat;
}

/** The flat vector → named weights (fresh arrays). */
export function unpackWeights(layout: ParamLayout, flat: Float32Array): PolicyWeights {
  if (flat.length !== layout.size) {
    throw new RangeError(`flat parameters: expected ${layout.size} values, got ${flat.length}`);
  }
  const shapes = policyWeightShapes(layout.spec);
  const out: PolicyWeights = {};
  const take = (name: string, block: DenseBlock, column: number) => {
    const kernelShape = shapes[`${name}/kernel`];
    const width = kernelShape[1];
    const kernel = new Float32Array(block.inputs * width);
    const bias = new Float32Array(width);
    for (let r = 0; r <= block.inputs; r++) {
      const row = flat.subarray(
        block.offset + r * block.outputs + column,
        block.offset + r * block.outputs + column + width,
      );
      if (r < block.inputs) kernel.set(row, r * width);
      else bias.set(row);
    }
    out[`${name}/kernel`] = { shape: kernelShape, data: kernel };
    out[`${name}/bias`] = { shape: shapes[`${name}/bias`], data: bias };
  };
  layout.encoder.forEach((block, k) => take(`encoder/${k}`, block, 0));
  take('policy', layout.head, 0);
  take('value', layout.head, layout.policyColumns);
  return out;
}

/** Throws when a weight is missing or has the wrong shape, naming it. */
export function checkWeights(spec: PolicySpec, weights: PolicyWeights): void {
  const shapes = policyWeightShapes(spec);
  for (const name of policyWeightNames(spec)) {
    const w = weights[name];
    if (!w) throw new Error(`policy weights: "${name}" is missing`);
    const expected = shapes[name];
    const size = expected.reduce((a, b) => a * b, 1);
    if (
      w.shape.length !== expected.length ||
      w.shape.some((d, i) => d !== expected[i]) ||
      w.data.length !== size
    ) {
      throw new Error(
        `policy weights: "${name}" has shape [${w.shape.join(', ')}] (${w.data.length} values), expected [${expected.join(', ')}]`,
      );
    }
  }
}

/** Copies a kernel [inputs, width] and bias [width] into a block's columns column..column+width−1. */
function writeBlockColumns(
  flat: Float32Array,
  block: DenseBlock,
  column: number,
  kernel: Float32Array,
  bias: Float32Array,
): void {
  const width = bias.length;
  for (let r = 0; r < block.inputs; r++) {
    flat.set(kernel.subarray(r * width, (r + 1) * width), block.offset + r * block.outputs + column);
  }
  flat.set(bias, block.offset + block.inputs * block.outputs + column);
}
