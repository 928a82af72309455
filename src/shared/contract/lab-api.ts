import { z } from 'zod';
import { CoverageDay, CoverageDaysQuery, CoverageRow, MarketClosure } from './coverage.js';
import { ImportBinanceParams, Job } from './jobs.js';
import {
  FetchBinanceFuturesParams,
  FetchBinanceParams,
  UniverseParams,
  UniverseSnapshot,
  UtcDate,
} from './binance.js';
import { QualityQuery, QualityReport } from './quality.js';
import { LabSettings, SettingsPatch } from './settings.js';
import { ExportFeaturesParams, FeatureInfo, FeatureSetInfo } from './features.js';
import {
  CoinGeckoQuery,
  CoinGeckoSnapshot,
  CorporateAction,
  CredentialsPatch,
  CredentialsStatus,
  FetchCoinGeckoParams,
  FetchNewsParams,
  FetchPolygonParams,
  FetchYahooParams,
  NewsItem,
  NewsQuery,
  StockTicker,
} from './stocks.js';
import {
  ModelInfo,
  ModelRef,
  RunRef,
  StartedTraining,
  TrainingDefaults,
  TrainingPreset,
  TrainingRun,
  TrainingRunDetail,
  TrainPpoParams,
} from './training.js';

/** Facts about the running lab, for the status bar and Settings. */
export const LabInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  /** Which shell hosts the core: the desktop app or the headless server. */
  shell: z.enum(['desktop', 'server', 'cli', 'test']),
  /** Whether the shell can open a native folder picker (desktop only). */
  canPickFolders: z.boolean(),
});
export type LabInfo = z.infer<typeof LabInfo>;

const Void = z.object({}).strict();
const JobRef = z.object({ jobId: z.number().int().positive() });

/**
 * The one contract between the dashboard/CLI and the core: every method with the schema of its
 * input and output. Transports validate inputs on the receiving side and outputs on the calling side.
 */
export const labMethods = {
  getInfo: { kind: 'query', input: Void, output: LabInfo },
  getCoverage: { kind: 'query', input: Void, output: z.array(CoverageRow) },
  getCoverageDays: { kind: 'query', input: CoverageDaysQuery, output: z.array(CoverageDay) },
  /** NYSE holidays and one-off closures on weekdays in [from, to] (New York dates), from the computed calendar. */
  getMarketClosures: {
    kind: 'query',
    input: z
      .object({ from: UtcDate, to: UtcDate })
      .refine((q) => q.from <= q.to && Date.parse(q.to) - Date.parse(q.from) <= 40 * 366 * 86_400_000, {
        message: '"from" must not be after "to", and the range at most 40 years',
      }),
    output: z.array(MarketClosure),
  },
  listJobs: {
    kind: 'query',
    input: z.object({ limit: z.number().int().positive().max(500).default(50) }),
    output: z.array(Job),
  },
  getJob: { kind: 'query', input: JobRef, output: Job },
  startImport: { kind: 'command', input: ImportBinanceParams, output: JobRef },
  cancelJob: { kind: 'command', input: JobRef, output: Job },
  startFetchBinance: { kind: 'command', input: FetchBinanceParams, output: JobRef },
  startFetchBinanceFutures: { kind: 'command', input: FetchBinanceFuturesParams, output: JobRef },
  startUniverseRefresh: { kind: 'command', input: UniverseParams, output: JobRef },
  /** The universe as of a time (the latest snapshot taken at or before it); null when none was taken yet. */
  getUniverse: {
    kind: 'query',
    input: z.object({ at: z.string().datetime().optional() }),
    output: UniverseSnapshot.nullable(),
  },
  startQualityReport: { kind: 'command', input: QualityQuery, output: JobRef },
  getQualityReports: { kind: 'query', input: QualityQuery, output: z.array(QualityReport) },
  getSettings: { kind: 'query', input: Void, output: LabSettings },
  updateSettings: { kind: 'command', input: SettingsPatch, output: LabSettings },
  startFetchPolygon: { kind: 'command', input: FetchPolygonParams, output: JobRef },
  startFetchYahoo: { kind: 'command', input: FetchYahooParams, output: JobRef },
  startFetchNews: { kind: 'command', input: FetchNewsParams, output: JobRef },
  startFetchCoinGecko: { kind: 'command', input: FetchCoinGeckoParams, output: JobRef },
  /** Stored headlines, newest first, with their lexicon sentiment. */
  getNews: { kind: 'query', input: NewsQuery, output: z.array(NewsItem) },
  /** Splits and dividends of one ticker, oldest first. */
  getCorporateActions: {
    kind: 'query',
    input: z.object({ ticker: StockTicker }),
    output: z.array(CorporateAction),
  },
  /** The latest snapshot of each kind taken at or before `at`. */
  getCoinGeckoSnapshots: { kind: 'query', input: CoinGeckoQuery, output: z.array(CoinGeckoSnapshot) },
  /** Whether each secret is set and where from; never the values. */
  getCredentialsStatus: { kind: 'query', input: Void, output: CredentialsStatus },
  /** Stores secrets encrypted (desktop); elsewhere fails naming the environment variables to set. */
  setCredentials: { kind: 'command', input: CredentialsPatch, output: CredentialsStatus },
  /** Every registered feature with its definition, and the named feature sets. */
  listFeatures: {
    kind: 'query',
    input: Void,
    output: z.object({ features: z.array(FeatureInfo), sets: z.array(FeatureSetInfo) }),
  },
  /** Computes (or reads cached) features of one instrument and writes bars + features as CSV. */
  startExportFeatures: { kind: 'command', input: ExportFeaturesParams, output: JobRef },
  /** What a preset would train on with the data stored now, or why it cannot start. */
  getTrainingDefaults: {
    kind: 'query',
    input: z.object({ preset: TrainingPreset.default('quick') }),
    output: TrainingDefaults,
  },
  /** Creates a training run and queues its job (BC → PPO → finetune → evaluation → registry). */
  startTraining: { kind: 'command', input: TrainPpoParams, output: StartedTraining },
  /** Continues a cancelled, failed or interrupted run from its newest checkpoint. */
  resumeTraining: { kind: 'command', input: RunRef, output: StartedTraining },
  listTrainingRuns: {
    kind: 'query',
    input: z.object({ limit: z.number().int().positive().max(500).default(50) }),
    output: z.array(TrainingRun),
  },
  /** One run with its metrics (every iteration), phases, lineage and evaluation. */
  getTrainingRun: { kind: 'query', input: RunRef, output: TrainingRunDetail },
  listModels: { kind: 'query', input: Void, output: z.array(ModelInfo) },
  /** Removes a model's row and its files (tfjs and ONNX). */
  deleteModel: { kind: 'command', input: ModelRef, output: z.object({ deleted: z.boolean() }) },
} as const;

export type LabMethodName = keyof typeof labMethods;
export type LabInput<M extends LabMethodName> = z.input<(typeof labMethods)[M]['input']>;
export type LabOutput<M extends LabMethodName> = z.output<(typeof labMethods)[M]['output']>;

/** The lab as every caller sees it, whatever the transport. */
export type LabApi = {
  [M in LabMethodName]: (input: LabInput<M>) => Promise<LabOutput<M>>;
};

export const labMethodNames = Object.keys(labMethods) as LabMethodName[];
