import type { Database } from 'better-sqlite3';
import {
  BackendChoice,
  Evaluation,
  PhaseSpan,
  SeriesLineage,
  TrainingMetric,
  TrainingPhase,
  TrainingPreset,
  TrainingRun,
  TrainingRunStatus,
  TrainPpoParams,
} from '../../shared/contract/index.js';
import { z } from 'zod';

interface RunRow {
  id: number;
  job_id: number | null;
  status: string;
  preset: string;
  seed: number;
  request: string;
  config: string | null;
  backend: string | null;
  phase: string | null;
  phases: string;
  series: string;
  evaluation: string | null;
  model_id: number | null;
  checkpoint: string | null;
  error: string | null;
  created_at: number;
  ended_at: number | null;
}

interface MetricRow {
  phase: string;
  iteration: number;
  env_steps: number;
  time: number;
  values_json: string;
}

const Checkpoint = z.object({ phase: TrainingPhase, iteration: z.number().int().nonnegative() });

/** The measures of a metric row kept as JSON (everything but the key columns). */
type MetricValues = Omit<TrainingMetric, 'phase' | 'iteration' | 'envSteps' | 'time'>;

const json = (value: unknown): string => JSON.stringify(value);
const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * training_runs / training_metrics rows ↔ contract TrainingRun / TrainingMetric. Every read is
 * validated with the contract's zod schema, so a row written by an older build fails loudly here
 * instead of somewhere in the dashboard.
 */
export class TrainingRunsRepo {
  constructor(private readonly db: Database) {}

  create(run: { preset: TrainingPreset; seed: number; request: TrainPpoParams; createdAt: number }): number {
    const result = this.db
      .prepare(
        `INSERT INTO training_runs (status, preset, seed, request, created_at) VALUES ('queued', ?, ?, ?, ?)`,
      )
      .run(run.preset, run.seed, json(run.request), run.createdAt);
    return Number(result.lastInsertRowid);
  }

  get(id: number): TrainingRun | undefined {
    const row = this.db.prepare('SELECT * FROM training_runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  /** The run, or an Error naming the id (for code that was handed the id by the lab). */
  mustGet(id: number): TrainingRun {
    const run = this.get(id);
    if (!run) throw new Error(`Training run ${id} does not exist.`);
    return run;
  }

  list(limit: number): TrainingRun[] {
    const rows = this.db
      .prepare('SELECT * FROM training_runs ORDER BY id DESC LIMIT ?')
      .all(limit) as RunRow[];
    return rows.map(toRun);
  }

  /** The job that runs it now: queued, with no error or end from an earlier attempt. */
  setJob(id: number, jobId: number): void {
    this.db
      .prepare(
        `UPDATE training_runs SET job_id = ?, status = 'queued', error = NULL, ended_at = NULL WHERE id = ?`,
      )
      .run(jobId, id);
  }

  setSeed(id: number, seed: number): void {
    this.db.prepare('UPDATE training_runs SET seed = ? WHERE id = ?').run(seed, id);
  }

  /** Status (and error) as the lab reconciles it with the run's job; see run-status.ts. */
  setStatus(id: number, status: TrainingRunStatus, error: string | null, endedAt: number | null): void {
    this.db
      .prepare('UPDATE training_runs SET status = ?, error = ?, ended_at = ? WHERE id = ?')
      .run(status, error, endedAt, id);
  }

  /** A job picked the run up: running again, with no error or end from an earlier attempt. */
  markRunning(id: number): void {
    this.db
      .prepare(`UPDATE training_runs SET status = 'running', error = NULL, ended_at = NULL WHERE id = ?`)
      .run(id);
  }

  finish(
    id: number,
    status: Exclude<TrainingRunStatus, 'queued' | 'running'>,
    endedAt: number,
    error: string | null = null,
  ): void {
    this.db
      .prepare('UPDATE training_runs SET status = ?, ended_at = ?, error = ? WHERE id = ?')
      .run(status, endedAt, error, id);
  }

  setBackend(id: number, backend: BackendChoice): void {
    this.db.prepare('UPDATE training_runs SET backend = ? WHERE id = ?').run(json(backend), id);
  }

  setPrepared(id: number, fields: { config: Record<string, unknown>; series: SeriesLineage[] }): void {
    this.db
      .prepare('UPDATE training_runs SET config = ?, series = ? WHERE id = ?')
      .run(json(fields.config), json(fields.series), id);
  }

  setCheckpoint(id: number, checkpoint: { phase: TrainingPhase; iteration: number } | null): void {
    this.db
      .prepare('UPDATE training_runs SET checkpoint = ? WHERE id = ?')
      .run(checkpoint ? json(checkpoint) : null, id);
  }

  setEvaluation(id: number, evaluation: Evaluation): void {
    this.db.prepare('UPDATE training_runs SET evaluation = ? WHERE id = ?').run(json(evaluation), id);
  }

  setModel(id: number, modelId: number): void {
    this.db.prepare('UPDATE training_runs SET model_id = ? WHERE id = ?').run(modelId, id);
  }

  /**
   * Enters a phase: it becomes the run's current phase and gets a span. A phase entered again
   * (a resumed run) keeps its first start and reopens its end, so the timeline shows one bar per
   * phase.
   */
  startPhase(id: number, phase: TrainingPhase, at: number): void {
    const run = this.mustGet(id);
    const phases = run.phases.filter((p) => p.phase !== phase);
    const earlier = run.phases.find((p) => p.phase === phase);
    phases.push({ phase, startedAt: earlier?.startedAt ?? at, endedAt: null });
    this.db
      .prepare('UPDATE training_runs SET phase = ?, phases = ? WHERE id = ?')
      .run(phase, json(phases), id);
  }

  endPhase(id: number, phase: TrainingPhase, at: number): void {
    const run = this.mustGet(id);
    const phases = run.phases.map((p) => (p.phase === phase ? { ...p, endedAt: at } : p));
    this.db.prepare('UPDATE training_runs SET phases = ? WHERE id = ?').run(json(phases), id);
  }

  /** One iteration's measures; an iteration measured again (after a resume) replaces the old row. */
  addMetric(runId: number, metric: TrainingMetric): void {
    const { phase, iteration, envSteps, time, ...values } = TrainingMetric.parse(metric);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO training_metrics (run_id, phase, iteration, env_steps, time, values_json)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(runId, phase, iteration, envSteps, time, json(values satisfies MetricValues));
  }

  /**
   * Drops the rows a resumed run will measure again: every iteration of `phase` after
   * `iteration`, and every phase that comes after it. What the charts show then matches the
   * checkpoint the run continues from.
   */
  dropMetricsAfter(runId: number, phase: TrainingPhase, iteration: number): void {
    const later = TrainingPhase.options.slice(TrainingPhase.options.indexOf(phase) + 1);
    this.db
      .prepare('DELETE FROM training_metrics WHERE run_id = ? AND phase = ? AND iteration > ?')
      .run(runId, phase, iteration);
    const drop = this.db.prepare('DELETE FROM training_metrics WHERE run_id = ? AND phase = ?');
    for (const p of later) drop.run(runId, p);
  }

  /** Metrics in phase order, then iteration order. */
  metrics(runId: number): TrainingMetric[] {
    const rows = this.db
      .prepare(
        'SELECT phase, iteration, env_steps, time, values_json FROM training_metrics WHERE run_id = ? ORDER BY iteration',
      )
      .all(runId) as MetricRow[];
    const order = (phase: string) => TrainingPhase.options.indexOf(phase as TrainingPhase);
    return rows
      .map((r) =>
        TrainingMetric.parse({
          ...(JSON.parse(r.values_json) as MetricValues),
          phase: r.phase,
          iteration: r.iteration,
          envSteps: r.env_steps,
          time: r.time,
        }),
      )
      .sort((a, b) => order(a.phase) - order(b.phase) || a.iteration - b.iteration);
  }
}

function toRun(row: RunRow): TrainingRun {
  return TrainingRun.parse({
    id: row.id,
    jobId: row.job_id,
    status: row.status,
    preset: row.preset,
    seed: row.seed,
    request: parseJson(row.request),
    config: parseJson(row.config),
    backend: parseJson(row.backend),
    phase: row.phase,
    phases: z.array(PhaseSpan).parse(parseJson(row.phases)),
    series: z.array(SeriesLineage).parse(parseJson(row.series)),
    evaluation: parseJson(row.evaluation),
    modelId: row.model_id,
    checkpoint: row.checkpoint === null ? null : Checkpoint.parse(parseJson(row.checkpoint)),
    error: row.error,
    createdAt: row.created_at,
    endedAt: row.ended_at,
  });
}
