import { InferenceSession, Tensor } from 'onnxruntime-node';
import { ONNX_INPUT, ONNX_PROBABILITIES, ONNX_VALUE } from './onnx-export.js';

/**
 * Runs an exported policy with onnxruntime-node on the CPU: what a consumer of the ONNX file
 * (the paper trader, another language) would compute: action probabilities (n × actions) and the
 * normalised value (n). `onnx` is the model's bytes or a file path.
 */
export async function runOnnxPolicy(
  onnx: Uint8Array | string,
  obs: Float32Array,
  n: number,
): Promise<{ probabilities: Float32Array; values: Float32Array }> {
  const session =
    typeof onnx === 'string'
      ? await InferenceSession.create(onnx, { executionProviders: ['cpu'] })
      : await InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  try {
    const inputMeta = session.inputMetadata.find((m) => m.name === ONNX_INPUT);
    const obsSize = inputMeta?.isTensor ? Number(inputMeta.shape[1]) : Number.NaN;
    if (!Number.isInteger(obsSize) || obsSize <= 0)
      throw new Error(`ONNX policy: input "${ONNX_INPUT}" has no fixed observation size`);
    if (obs.length < n * obsSize)
      throw new Error(
        `ONNX policy: ${n} observations of ${obsSize} need ${n * obsSize} values, got ${obs.length}`,
      );
    const input = new Tensor('float32', obs.subarray(0, n * obsSize), [n, obsSize]);
    const out = await session.run({ [ONNX_INPUT]: input });
    return {
      probabilities: Float32Array.from(out[ONNX_PROBABILITIES].data as Float32Array),
      values: Float32Array.from(out[ONNX_VALUE].data as Float32Array),
    };
  } finally {
    await session.release();
  }
}

/**
 * Max |onnxruntime − reference| over the action probabilities and values of n observations (the
 * registry's parity check: the reference is the tfjs network the model was trained as). Both
 * outputs are well scaled (probabilities in [0, 1], values normalised), so an absolute limit is
 * meaningful for a confident policy too.
 */
export async function checkOnnxParity(
  onnx: Uint8Array | string,
  obs: Float32Array,
  n: number,
  reference: { probabilities: ArrayLike<number>; values: ArrayLike<number> },
): Promise<{ maxAbsDiff: number; observations: number }> {
  const got = await runOnnxPolicy(onnx, obs, n);
  if (
    got.probabilities.length !== reference.probabilities.length ||
    got.values.length !== reference.values.length
  )
    throw new Error(
      `ONNX parity: onnxruntime gave ${got.probabilities.length} probabilities and ${got.values.length} values, ` +
        `the reference ${reference.probabilities.length} and ${reference.values.length}`,
    );
  return {
    maxAbsDiff: Math.max(
      maxAbsDiff(got.probabilities, reference.probabilities),
      maxAbsDiff(got.values, reference.values),
    ),
    observations: n,
  };
}

/** NaN on either side counts as an infinite difference (a NaN must never pass a parity check). */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}
