import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ModelInfo } from '../../shared/contract/index.js';
import { cachedStatement } from '../store/statement-cache.js';

/**
 * Rows of the `models` table (migration 0006) ↔ ModelInfo. The lineage and metrics columns hold
 * JSON; they are validated against the contract on read, so a row edited by hand or written by an
 * older build fails loudly with the model's id instead of reaching the dashboard half-formed.
 */

interface ModelRow {
  id: number;
  run_id: number | null;
  name: string;
  kind: string;
  created_at: number;
  feature_set_version: string;
  observation_size: number;
  seed: number;
  backend: string;
  code_version: string;
  data_hash: string;
  series: string;
  config: string;
  evaluation: string;
  onnx_check: string;
  files: string;
  size_bytes: number;
}

const COLUMNS = `id, run_id, name, kind, created_at, feature_set_version, observation_size, seed, backend,
  code_version, data_hash, series, config, evaluation, onnx_check, files, size_bytes`;

/** Inserts a model row and returns its id. The model is validated against the contract first. */
export function insertModel(db: Database, model: Omit<ModelInfo, 'id'>): number {
  const checked = ModelInfo.omit({ id: true }).safeParse(model);
  if (!checked.success)
    throw new Error(`insertModel "${model.name}": ${z.prettifyError(checked.error).replace(/\n/g, '; ')}`);
  const m = checked.data;
  const { lastInsertRowid } = cachedStatement(
    db,
    `INSERT INTO models (run_id, name, kind, created_at, feature_set_version, observation_size, seed, backend,
       code_version, data_hash, series, config, evaluation, onnx_check, files, size_bytes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.runId,
    m.name,
    m.kind,
    m.createdAt,
    m.featureSetVersion,
    m.observationSize,
    m.seed,
    m.backend,
    m.codeVersion,
    m.dataHash,
    JSON.stringify(m.series),
    JSON.stringify(m.config),
    JSON.stringify(m.evaluation),
    JSON.stringify(m.onnxCheck),
    JSON.stringify(m.files),
    m.sizeBytes,
  );
  return Number(lastInsertRowid);
}

/** Every registered model, newest first. */
export function listModels(db: Database): ModelInfo[] {
  const rows = cachedStatement(
    db,
    `SELECT ${COLUMNS} FROM models ORDER BY created_at DESC, id DESC`,
  ).all() as ModelRow[];
  return rows.map(toModelInfo);
}

export function getModel(db: Database, id: number): ModelInfo | null {
  const row = cachedStatement(db, `SELECT ${COLUMNS} FROM models WHERE id = ?`).get(id) as
    ModelRow | undefined;
  return row ? toModelInfo(row) : null;
}

/** Sets the files of a model (registration inserts the row before it knows its folder name). */
export function setModelFiles(db: Database, id: number, files: ModelInfo['files'], sizeBytes: number): void {
  cachedStatement(db, 'UPDATE models SET files = ?, size_bytes = ? WHERE id = ?').run(
    JSON.stringify(files),
    sizeBytes,
    id,
  );
}

/** Removes a model's row; false when there was none. */
export function deleteModelRow(db: Database, id: number): boolean {
  return cachedStatement(db, 'DELETE FROM models WHERE id = ?').run(id).changes > 0;
}

function toModelInfo(row: ModelRow): ModelInfo {
  const json = (column: keyof ModelRow): unknown => {
    try {
      return JSON.parse(String(row[column]));
    } catch (err) {
      throw new Error(`models row ${row.id}: column ${column} is not JSON (${(err as Error).message})`, {
        cause: err,
      });
    }
  };
  const result = ModelInfo.safeParse({
    id: row.id,
    runId: row.run_id,
    name: row.name,
    kind: row.kind,
    createdAt: row.created_at,
    featureSetVersion: row.feature_set_version,
    observationSize: row.observation_size,
    seed: row.seed,
    backend: row.backend,
    codeVersion: row.code_version,
    dataHash: row.data_hash,
    series: json('series'),
    config: json('config'),
    evaluation: json('evaluation'),
    onnxCheck: json('onnx_check'),
    files: json('files'),
    sizeBytes: row.size_bytes,
  });
  if (!result.success)
    throw new Error(
      `models row ${row.id} ("${row.name}") does not match ModelInfo: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`,
    );
  return result.data;
}
