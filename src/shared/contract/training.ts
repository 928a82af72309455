import { z } from 'zod';
import { UtcDate } from './binance.js';
import { MarketKind } from './coverage.js';

/** The tfjs backends training can run on, fastest first. */
export const ComputeBackendName = z.enum(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
export type ComputeBackendName = z.infer<typeof ComputeBackendName>;

/** Settings value: 'auto' tries them in order; a name forces that one (and fails if it cannot load). */
export const ComputeBackendSetting = z.enum(['auto', ...ComputeBackendName.options]);
export type ComputeBackendSetting = z.infer<typeof ComputeBackendSetting>;

/** One backend the training host tried, and why it was taken or skipped. */
export const BackendAttempt = z.object({
  name: ComputeBackendName,
  ok: z.boolean(),
  /** e.g. "not installed (optional dependency)", "no CUDA GPU answered", "selected". */
  reason: z.string(),
});
export type BackendAttempt = z.infer<typeof BackendAttempt>;

/** The backend a training run used, with every attempt before it. */
export const BackendChoice = z.object({
  name: ComputeBackendName,
  /** True when Settings (or --backend) forced it. */
  forced: z.boolean(),
  attempts: z.array(BackendAttempt),
});
export type BackendChoice = z.infer<typeof BackendChoice>;

export const TrainingPreset = z.enum(['quick', 'full']);
export type TrainingPreset = z.infer<typeof TrainingPreset>;

export const TrainingPhase = z.enum(['prepare', 'bc', 'ppo', 'finetune', 'evaluate', 'register']);
export type TrainingPhase = z.infer<typeof TrainingPhase>;

/**
 * Fine-grained changes to a preset's schedule (tests and power users). Every field is optional;
 * what is not given comes from the preset sized to the data present.
 */
export const TrainingOverrides = z
  .object({
    bcSteps: z.number().int().nonnegative().max(1_000_000),
    ppoEnvSteps: z.number().int().nonnegative().max(1_000_000_000),
    finetuneUpdates: z.number().int().nonnegative().max(1_000_000),
    numEnvs: z.number().int().positive().max(4096),
    rolloutSteps: z.number().int().positive().max(4096),
    checkpointEvery: z.number().int().positive().max(100_000),
    /** Share of crypto episodes (0..1) in PPO; BC and finetune keep their own defaults. */
    ppoCryptoShare: z.number().min(0).max(1),
    allowShortStocks: z.boolean(),
    /** Bars per series kept for the final hold-out test (after the purge gap); default 20% of the bars. */
    holdoutFraction: z.number().min(0.05).max(0.5),
  })
  .partial()
  .strict();
export type TrainingOverrides = z.infer<typeof TrainingOverrides>;

/** Parameters of `startTraining` / `tradelab train ppo`. */
export const TrainPpoParams = z
  .object({
    preset: TrainingPreset.default('quick'),
    /** Symbols to train on (crypto like BTCUSDT, stocks like AAPL); default: what the preset picks from stored data. */
    symbols: z.array(z.string().min(1).max(32)).min(1).max(200).optional(),
    /** UTC dates bounding the data used (train + purge + hold-out). */
    from: UtcDate.optional(),
    to: UtcDate.optional(),
    seed: z
      .number()
      .int()
      .nonnegative()
      .max(2 ** 31 - 1)
      .optional(),
    /** Overrides the Settings backend for this run. */
    backend: ComputeBackendSetting.optional(),
    overrides: TrainingOverrides.optional(),
  })
  .strict()
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: '"from" must not be after "to"' });
export type TrainPpoParams = z.infer<typeof TrainPpoParams>;

/** The job's params: the request plus the run it fills (created when the job is submitted). */
export const TrainPpoJobParams = z.object({
  runId: z.number().int().positive(),
  request: TrainPpoParams,
});
export type TrainPpoJobParams = z.infer<typeof TrainPpoJobParams>;

/** One series used by a run: where it was trained and tested. Times are UTC ms. */
export const SeriesLineage = z.object({
  symbol: z.string(),
  market: MarketKind,
  interval: z.string(),
  trainFrom: z.number(),
  /** Exclusive. */
  trainTo: z.number(),
  testFrom: z.number(),
  /** Exclusive. */
  testTo: z.number(),
  trainBars: z.number().int().nonnegative(),
  testBars: z.number().int().nonnegative(),
  /** Bars skipped between train and test (at least the oracle's look-ahead). */
  purgeBars: z.number().int().nonnegative(),
});
export type SeriesLineage = z.infer<typeof SeriesLineage>;

/** Trading results of one strategy over a window. Returns are fractions (0.05 = +5%). */
export const PerformanceStats = z.object({
  totalReturn: z.number(),
  /** Annualised (bars per year of the series' interval and market); 0 when returns do not vary. */
  sharpe: z.number(),
  sortino: z.number(),
  /** Largest peak-to-trough fall of equity, as a positive fraction. */
  maxDrawdown: z.number(),
  trades: z.number().int().nonnegative(),
  /** Commission + slippage paid, as a fraction of starting equity. */
  feesPaid: z.number(),
  /** Share of bars with an open position (0..1). */
  exposure: z.number(),
  bars: z.number().int().nonnegative(),
});
export type PerformanceStats = z.infer<typeof PerformanceStats>;

export const StrategyComparison = z.object({
  policy: PerformanceStats,
  buyAndHold: PerformanceStats,
  flat: PerformanceStats,
});
export type StrategyComparison = z.infer<typeof StrategyComparison>;

export const SeriesEvaluation = StrategyComparison.extend({
  symbol: z.string(),
  market: MarketKind,
  interval: z.string(),
  from: z.number(),
  to: z.number(),
});
export type SeriesEvaluation = z.infer<typeof SeriesEvaluation>;

/** Out-of-sample evaluation of a policy on the hold-out windows. */
export const Evaluation = z.object({
  overall: StrategyComparison,
  series: z.array(SeriesEvaluation),
});
export type Evaluation = z.infer<typeof Evaluation>;

/** One row of a run's progress (one per iteration of a phase). Null where a phase has no such measure. */
export const TrainingMetric = z.object({
  phase: TrainingPhase,
  iteration: z.number().int().nonnegative(),
  /** Environment steps so far in this phase (BC: samples seen). */
  envSteps: z.number().nonnegative(),
  /** UTC ms. */
  time: z.number(),
  envStepsPerSec: z.number().nullable(),
  meanEpisodeReward: z.number().nullable(),
  policyLoss: z.number().nullable(),
  valueLoss: z.number().nullable(),
  entropy: z.number().nullable(),
  approxKl: z.number().nullable(),
  clipFraction: z.number().nullable(),
  /** BC: share of batch actions equal to the oracle's. */
  accuracy: z.number().nullable(),
  validationSharpe: z.number().nullable(),
  learningRate: z.number().nullable(),
});
export type TrainingMetric = z.infer<typeof TrainingMetric>;

export const PhaseSpan = z.object({
  phase: TrainingPhase,
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type PhaseSpan = z.infer<typeof PhaseSpan>;

export const TrainingRunStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
export type TrainingRunStatus = z.infer<typeof TrainingRunStatus>;

export const TrainingRun = z.object({
  id: z.number().int().positive(),
  /** The job that runs it now (or ran it last). */
  jobId: z.number().int().positive().nullable(),
  status: TrainingRunStatus,
  preset: TrainingPreset,
  seed: z.number().int(),
  request: TrainPpoParams,
  /** The resolved schedule and environment config (null until prepared). */
  config: z.record(z.string(), z.unknown()).nullable(),
  backend: BackendChoice.nullable(),
  phase: TrainingPhase.nullable(),
  phases: z.array(PhaseSpan),
  series: z.array(SeriesLineage),
  evaluation: Evaluation.nullable(),
  modelId: z.number().int().positive().nullable(),
  /** Iteration of the newest checkpoint, when there is one (resume starts there). */
  checkpoint: z.object({ phase: TrainingPhase, iteration: z.number().int().nonnegative() }).nullable(),
  error: z.string().nullable(),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
});
export type TrainingRun = z.infer<typeof TrainingRun>;

export const TrainingRunDetail = TrainingRun.extend({ metrics: z.array(TrainingMetric) });
export type TrainingRunDetail = z.infer<typeof TrainingRunDetail>;

/** A registered model with its lineage and metrics. */
export const ModelInfo = z.object({
  id: z.number().int().positive(),
  runId: z.number().int().positive().nullable(),
  name: z.string(),
  kind: z.literal('ppo-policy'),
  createdAt: z.number(),
  featureSetVersion: z.string(),
  observationSize: z.number().int().positive(),
  seed: z.number().int(),
  backend: ComputeBackendName,
  /** package version + git commit when known. */
  codeVersion: z.string(),
  /** sha256 over the bar chunks' checksums the run trained and tested on. */
  dataHash: z.string(),
  series: z.array(SeriesLineage),
  config: z.record(z.string(), z.unknown()),
  evaluation: Evaluation,
  /** Max |onnxruntime − tfjs| over the checked observations, and how many were checked. */
  onnxCheck: z.object({ maxAbsDiff: z.number(), observations: z.number().int().nonnegative() }),
  /** Paths under the data dir. */
  files: z.object({ tfjs: z.string(), onnx: z.string() }),
  sizeBytes: z.number().int().nonnegative(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

/** A series training could use now (for the Training page's defaults). */
export const TrainableSeries = z.object({
  symbol: z.string(),
  market: MarketKind,
  interval: z.string(),
  bars: z.number().int().nonnegative(),
  from: z.number(),
  to: z.number(),
});
export type TrainableSeries = z.infer<typeof TrainableSeries>;

/** What a preset would train on with the data stored now. */
export const TrainingDefaults = z.object({
  preset: TrainingPreset,
  /** Series the preset picks (empty when nothing usable is stored). */
  series: z.array(TrainableSeries),
  /** Why training cannot start, when it cannot (e.g. no bars stored): the page offers the default download. */
  blocker: z.string().nullable(),
  /** Rough duration on this machine's CPU, in seconds (null when unknown). */
  estimatedSeconds: z.number().nullable(),
  schedule: z.object({
    bcSteps: z.number().int().nonnegative(),
    ppoEnvSteps: z.number().int().nonnegative(),
    finetuneUpdates: z.number().int().nonnegative(),
  }),
});
export type TrainingDefaults = z.infer<typeof TrainingDefaults>;

export const RunRef = z.object({ runId: z.number().int().positive() });
export const ModelRef = z.object({ modelId: z.number().int().positive() });
export const StartedTraining = z.object({
  jobId: z.number().int().positive(),
  runId: z.number().int().positive(),
});
export type StartedTraining = z.infer<typeof StartedTraining>;
