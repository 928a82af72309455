import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  policyWeightNames,
  policyWeightShapes,
  type PolicySpec,
  type PolicyWeights,
} from '../learn/policy-spec.js';

/**
 * The policy in tfjs's model-artifacts layout: `model.json` (the spec and a weights manifest) and
 * `weights.bin` (every tensor's float32 values, little-endian, concatenated in manifest order).
 * `tf.io.decodeWeights(weights.bin, manifest[0].weights)` reads it back, so a tfjs consumer can
 * load the weights without this code; the network's shape comes from `spec` (see policy-spec.ts),
 * not from a Keras topology, which is why `format` is 'tradelab-policy' and not 'layers-model'.
 */

export const TFJS_FORMAT = 'tradelab-policy';
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

const PolicySpecSchema = z.object({
  obsSize: z.number().int().positive(),
  hidden: z.array(z.number().int().positive()),
  actions: z.number().int().positive(),
  perMarketHeads: z.boolean(),
  marketTypeIndex: z.number().int().nonnegative(),
});

const ModelJson = z.object({
  format: z.literal(TFJS_FORMAT),
  generatedBy: z.string(),
  spec: PolicySpecSchema,
  meta: z.record(z.string(), z.unknown()).optional(),
  weightsManifest: z
    .array(
      z.object({
        paths: z.array(z.string()).length(1),
        weights: z.array(
          z.object({
            name: z.string(),
            shape: z.array(z.number().int().nonnegative()),
            dtype: z.literal('float32'),
          }),
        ),
      }),
    )
    .length(1),
});
type ModelJson = z.infer<typeof ModelJson>;

/**
 * Writes `dir/model.json` and `dir/weights.bin` (creating `dir`). Each file is written under a
 * temporary name and renamed, weights first, so a reader never sees a model.json whose weights
 * are half written. Throws when a weight is missing or its shape is not the spec's.
 */
export function saveTfjsArtifacts(
  dir: string,
  spec: PolicySpec,
  weights: PolicyWeights,
  meta?: Record<string, unknown>,
): { modelJson: string; weightsBin: string; bytes: number } {
  const shapes = policyWeightShapes(spec);
  const names = policyWeightNames(spec);
  let total = 0;
  for (const name of names) {
    const w = weights[name];
    if (!w) throw new Error(`tfjs artifacts: weight "${name}" is missing`);
    const size = shapes[name].reduce((a, b) => a * b, 1);
    if (w.shape.join('x') !== shapes[name].join('x') || w.data.length !== size)
      throw new Error(
        `tfjs artifacts: weight "${name}" has shape [${w.shape.join(', ')}] (${w.data.length} values), the spec needs [${shapes[name].join(', ')}]`,
      );
    total += size;
  }
  const bin = new Uint8Array(total * 4);
  const view = new DataView(bin.buffer);
  let offset = 0;
  for (const name of names) {
    for (const v of weights[name].data) {
      view.setFloat32(offset, v, true);
      offset += 4;
    }
  }
  const json: ModelJson = {
    format: TFJS_FORMAT,
    generatedBy: 'tradelab src/core/models/tfjs-artifacts.ts',
    spec: { ...spec, hidden: [...spec.hidden] },
    ...(meta ? { meta } : {}),
    weightsManifest: [
      {
        paths: [WEIGHTS_BIN],
        weights: names.map((name) => ({ name, shape: shapes[name], dtype: 'float32' as const })),
      },
    ],
  };
  const text = Buffer.from(JSON.stringify(json, null, 2) + '\n', 'utf8');
  fs.mkdirSync(dir, { recursive: true });
  const weightsBin = path.join(dir, WEIGHTS_BIN);
  const modelJson = path.join(dir, MODEL_JSON);
  writeAtomically(weightsBin, bin);
  writeAtomically(modelJson, text);
  return { modelJson, weightsBin, bytes: bin.length + text.length };
}

/**
 * Reads what saveTfjsArtifacts wrote. Throws, naming the file, when model.json is not this format,
 * when the manifest does not match the spec's weights, or when weights.bin has the wrong size.
 */
export function loadTfjsArtifacts(dir: string): { spec: PolicySpec; weights: PolicyWeights } {
  const modelJson = path.join(dir, MODEL_JSON);
  let parsed: ModelJson;
  try {
    const result = ModelJson.safeParse(JSON.parse(fs.readFileSync(modelJson, 'utf8')));
    if (!result.success)
      throw new Error(
        `not a ${TFJS_FORMAT} model.json: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`,
      );
    parsed = result.data;
  } catch (err) {
    throw new Error(`tfjs artifacts: cannot read ${modelJson}: ${(err as Error).message}`, { cause: err });
  }
  const spec: PolicySpec = parsed.spec;
  const shapes = policyWeightShapes(spec);
  const manifest = parsed.weightsManifest[0];
  const expected = policyWeightNames(spec);
  const listed = manifest.weights.map((w) => w.name);
  if (listed.join('\n') !== expected.join('\n'))
    throw new Error(
      `tfjs artifacts: ${modelJson} lists weights [${listed.join(', ')}], the spec needs [${expected.join(', ')}]`,
    );
  for (const w of manifest.weights) {
    if (w.shape.join('x') !== shapes[w.name].join('x'))
      throw new Error(
        `tfjs artifacts: ${modelJson} gives "${w.name}" shape [${w.shape.join(', ')}], the spec needs [${shapes[w.name].join(', ')}]`,
      );
  }
  const binPath = path.join(dir, manifest.paths[0]);
  const bin = fs.readFileSync(binPath);
  const total = manifest.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
  if (bin.length !== total * 4)
    throw new Error(
      `tfjs artifacts: ${binPath} has ${bin.length} bytes, the manifest needs ${total * 4} (${total} float32 values); the file is truncated or from another model`,
    );
  const view = new DataView(bin.buffer, bin.byteOffset, bin.length);
  const weights: PolicyWeights = {};
  let offset = 0;
  for (const w of manifest.weights) {
    const size = w.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++, offset += 4) data[i] = view.getFloat32(offset, true);
    weights[w.name] = { shape: [...w.shape], data };
  }
  return { spec, weights };
}

/** Writes a file under a temporary name in the same folder, then renames it over the target. */
export function writeAtomically(file: string, bytes: Uint8Array): void {
  const partial = `${file}.partial-${process.pid}`;
  try {
    fs.writeFileSync(partial, bytes);
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}
