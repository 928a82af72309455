import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type {
  ComputeBackendName,
  Evaluation,
  ModelInfo,
  SeriesLineage,
} from '../../shared/contract/index.js';
import { JobFailure } from '../jobs/job-context.js';
import type { PolicySpec, PolicyWeights } from '../learn/policy-spec.js';
import { deleteModelRow, getModel, insertModel, setModelFiles } from './models-repo.js';
import { checkOnnxParity } from './onnx-check.js';
import { exportPolicyOnnx } from './onnx-export.js';
import { loadTfjsArtifacts, MODEL_JSON, saveTfjsArtifacts, writeAtomically } from './tfjs-artifacts.js';

/** Largest |onnxruntime − tfjs| over action probabilities and (normalised) values a registered model may show. */
export const ONNX_MAX_ABS_DIFF = 1e-5;
/** Observations the ONNX check runs on (all there are when fewer exist). */
export const ONNX_CHECK_OBSERVATIONS = 10_000;

/** Folder of the registry under the data dir; model <id> lives in `models/<id>/`. */
export const MODELS_DIR = 'models';
export const ONNX_FILE = 'policy.onnx';
/** Prefix of a registration's folder before its row exists (left behind only by a crash). */
const PARTIAL_PREFIX = '.partial-';
/** Partial folders older than this are leftovers of a crashed registration, not one in progress. */
const STALE_PARTIAL_MS = 6 * 3_600_000;

export interface RegisterPolicyInput {
  db: Database;
  dataDir: string;
  runId: number | null;
  name: string;
  spec: PolicySpec;
  weights: PolicyWeights;
  /** The trained network's forward pass (tfjs): the ONNX file must reproduce it. */
  tfjsForward: (
    obs: Float32Array,
    n: number,
  ) => Promise<{ probabilities: Float32Array; values: Float32Array }>;
  /** Real observations, row-major (checkCount × spec.obsSize); pass ONNX_CHECK_OBSERVATIONS when that many exist. */
  checkObservations: Float32Array;
  checkCount: number;
  series: SeriesLineage[];
  evaluation: Evaluation;
  config: Record<string, unknown>;
  seed: number;
  backend: ComputeBackendName;
  codeVersion: string;
  dataHash: string;
  featureSetVersion: string;
  now: number;
}

/**
 * Saves a trained policy in the registry: tfjs artifacts and ONNX under `models/<id>/`, and a
 * `models` row with its lineage and metrics.
 *
 * Order, so that a crash at any point leaves either a whole model or none:
 * 1. every file is written into `models/.partial-<random>/` and checked (tfjs files read back
 *    bit-exact; onnxruntime on the written policy.onnx against `tfjsForward`);
 * 2. in one transaction the row is inserted and the folder renamed to `models/<id>/`; a failed
 *    rename rolls the row back. A crash after the rename but before the commit leaves a folder no
 *    row names, which the next registration taking that id replaces.
 *
 * Refuses with JobFailure when the ONNX outputs differ from tfjs by more than ONNX_MAX_ABS_DIFF.
 */
export async function registerPolicyModel(input: RegisterPolicyInput): Promise<ModelInfo> {
  const { spec, checkCount } = input;
  if (!Number.isInteger(checkCount) || checkCount < 1)
    throw new Error(`registerPolicyModel "${input.name}": the ONNX check needs at least one observation`);
  if (input.checkObservations.length < checkCount * spec.obsSize)
    throw new Error(
      `registerPolicyModel "${input.name}": ${checkCount} check observations need ${checkCount * spec.obsSize} values, got ${input.checkObservations.length}`,
    );

  const modelsDir = path.join(input.dataDir, MODELS_DIR);
  fs.mkdirSync(modelsDir, { recursive: true });
  removeStalePartials(modelsDir);
  const partial = path.join(modelsDir, `${PARTIAL_PREFIX}${crypto.randomBytes(6).toString('hex')}`);
  try {
    const meta = {
      name: input.name,
      runId: input.runId,
      createdAt: input.now,
      seed: input.seed,
      backend: input.backend,
      codeVersion: input.codeVersion,
      featureSetVersion: input.featureSetVersion,
      dataHash: input.dataHash,
    };
    const tfjs = saveTfjsArtifacts(partial, spec, input.weights, meta);
    assertSameWeights(input.weights, loadTfjsArtifacts(partial).weights, partial);
    const onnxBytes = exportPolicyOnnx(spec, input.weights, {
      docString: `tradelab PPO policy "${input.name}" (run ${input.runId ?? 'none'})`,
      producerVersion: input.codeVersion,
      modelVersion: input.now,
    });
    const onnxPath = path.join(partial, ONNX_FILE);
    writeAtomically(onnxPath, onnxBytes);

    const obs = input.checkObservations.subarray(0, checkCount * spec.obsSize);
    const reference = await input.tfjsForward(obs, checkCount);
    const check = await checkOnnxParity(onnxPath, obs, checkCount, reference);
    if (!(check.maxAbsDiff <= ONNX_MAX_ABS_DIFF))
      throw new JobFailure(
        `Model "${input.name}" was not registered: its ONNX export does not reproduce the tfjs policy ` +
          `(max |onnxruntime − tfjs| = ${check.maxAbsDiff.toExponential(3)} over ${check.observations} observations, ` +
          `the limit is ${ONNX_MAX_ABS_DIFF}). The weights given for export are not the network that was trained, ` +
          'or the export is wrong; this is a bug to report with the run id.',
      );

    const sizeBytes = tfjs.bytes + onnxBytes.length;
    const id = input.db.transaction(() => {
      const id = insertModel(input.db, {
        runId: input.runId,
        name: input.name,
        kind: 'ppo-policy',
        createdAt: input.now,
        featureSetVersion: input.featureSetVersion,
        observationSize: spec.obsSize,
        seed: input.seed,
        backend: input.backend,
        codeVersion: input.codeVersion,
        dataHash: input.dataHash,
        series: input.series,
        config: input.config,
        evaluation: input.evaluation,
        onnxCheck: check,
        files: { tfjs: '', onnx: '' },
        sizeBytes,
      });
      // Data-dir-relative, '/'-separated: the data dir can move or be opened from another OS.
      const folder = `${MODELS_DIR}/${id}`;
      setModelFiles(
        input.db,
        id,
        { tfjs: `${folder}/${MODEL_JSON}`, onnx: `${folder}/${ONNX_FILE}` },
        sizeBytes,
      );
      const target = path.join(modelsDir, String(id));
      // No row has this id, so a folder here is a crashed registration's leftover.
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(partial, target);
      return id;
    })();
    const model = getModel(input.db, id);
    if (!model) throw new Error(`registerPolicyModel: model ${id} vanished right after it was inserted`);
    return model;
  } finally {
    // Gone after a successful rename; removed on any failure.
    fs.rmSync(partial, { recursive: true, force: true });
  }
}

/**
 * Deletes a model: its row (runs that produced it keep their evaluation but no longer point at
 * it), then its folder. False when no model has this id. The row goes first: a crash in between
 * leaves an unreferenced folder, never a row whose files are gone.
 */
export function deleteModel(db: Database, dataDir: string, id: number): boolean {
  const deleted = db.transaction(() => {
    if (!deleteModelRow(db, id)) return false;
    db.prepare('UPDATE training_runs SET model_id = NULL WHERE model_id = ?').run(id);
    return true;
  })();
  if (deleted) fs.rmSync(path.join(dataDir, MODELS_DIR, String(id)), { recursive: true, force: true });
  return deleted;
}

function assertSameWeights(written: PolicyWeights, read: PolicyWeights, dir: string): void {
  for (const [name, w] of Object.entries(written)) {
    const r = read[name];
    const same =
      r &&
      r.data.length === w.data.length &&
      r.data.every(
        (v, i) => Object.is(v, Math.fround(w.data[i])) || (Number.isNaN(v) && Number.isNaN(w.data[i])),
      );
    if (!same)
      throw new Error(
        `registerPolicyModel: weight "${name}" read back from ${dir} differs from what was written`,
      );
  }
}

function removeStalePartials(modelsDir: string): void {
  for (const entry of fs.readdirSync(modelsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(PARTIAL_PREFIX)) continue;
    const dir = path.join(modelsDir, entry.name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > STALE_PARTIAL_MS)
        fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another registration may have just renamed or removed it.
    }
  }
}
