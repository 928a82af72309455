import { z } from 'zod';

export const JobStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export type JobStatus = z.infer<typeof JobStatus>;

/** Progress of a long job: what is done of what, how fast, and how long is left. */
export const JobProgress = z.object({
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  /** Unit of done/total, e.g. "files", "bytes", "bars". */
  unit: z.string(),
  /** Units per second over the recent window; null until measurable. */
  rate: z.number().nonnegative().nullable(),
  /** Seconds left at the current rate; null when unknown. */
  etaSeconds: z.number().nonnegative().nullable(),
  /** Short human text of the current step, e.g. the file being imported. */
  message: z.string().optional(),
  /** Secondary measures of a transfer job: bytes (MB/s), bars stored, and the files in flight. */
  detail: z
    .object({
      bytes: z
        .object({
          done: z.number().nonnegative(),
          total: z.number().nonnegative().nullable(),
          rate: z.number().nonnegative().nullable(),
        })
        .optional(),
      bars: z
        .object({ done: z.number().nonnegative(), rate: z.number().nonnegative().nullable() })
        .optional(),
      active: z
        .array(
          z.object({
            name: z.string(),
            done: z.number().nonnegative(),
            total: z.number().nonnegative().nullable(),
          }),
        )
        .max(64)
        .optional(),
      /** A training job: its run, phase and iteration, and the backend it runs on. */
      training: z
        .object({
          runId: z.number().int().positive(),
          phase: z.string(),
          iteration: z.number().int().nonnegative(),
          backend: z.string().nullable(),
        })
        .optional(),
    })
    .optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/** A problem with one input of a job that did not stop the job (e.g. a rejected file). */
export const JobIssue = z.object({
  /** What failed, e.g. a file path. */
  subject: z.string(),
  /** 1-based line number where there is one. */
  line: z.number().int().positive().optional(),
  message: z.string(),
});
export type JobIssue = z.infer<typeof JobIssue>;

export const JobKind = z.enum([
  'import-binance-files',
  'fetch-binance',
  'fetch-binance-futures',
  'refresh-universe',
  'compute-quality',
  'fetch-polygon',
  'fetch-yahoo',
  'fetch-news',
  'fetch-coingecko',
  'export-features',
  'train-ppo',
]);
export type JobKind = z.infer<typeof JobKind>;

export const Job = z.object({
  id: z.number().int().positive(),
  kind: JobKind,
  params: z.unknown(),
  status: JobStatus,
  progress: JobProgress.nullable(),
  /** Why the job failed, when it did. */
  error: z.string().nullable(),
  /** Result summary of a finished job (kind-specific, e.g. files ok / rejected, bars stored). */
  summary: z.record(z.string(), z.unknown()).nullable(),
  issues: z.array(JobIssue),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** How many times the job was (re)started, 1 for a job that never resumed. */
  attempts: z.number().int().nonnegative(),
});
export type Job = z.infer<typeof Job>;

/** Parameters of an import of Binance Data Vision kline files already on disk. */
export const ImportBinanceParams = z.object({
  /** Files or folders; folders are walked recursively. */
  paths: z.array(z.string().min(1)).min(1),
  /** Overrides the market inferred from the path (`spot` or `futures/um`). */
  market: z.enum(['spot', 'um']).optional(),
});
export type ImportBinanceParams = z.infer<typeof ImportBinanceParams>;

/** Summary of a finished import job. */
export const ImportSummary = z.object({
  filesOk: z.number().int().nonnegative(),
  filesSkipped: z.number().int().nonnegative(),
  filesRejected: z.number().int().nonnegative(),
  barsStored: z.number().int().nonnegative(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;
