import { EventEmitter } from 'node:events';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  LabError,
  TrainPpoParams,
  type Job,
  type LabEvent,
  type LabInput,
  type LabOutput,
  type TrainingRun,
} from '../shared/contract/index.js';
import { JobManager } from './jobs/job-manager.js';
import type { Lab, LabDeps } from './lab-types.js';
import { silentLogger } from './platform/logger.js';
import { queryCoverage, queryCoverageDays } from './store/coverage.js';
import { JobsRepo } from './store/jobs-repo.js';
import { openDatabase } from './store/open-database.js';
import { readQualityReports } from './store/quality-repo.js';
import { universeAt } from './store/universe-repo.js';
import { resolveBinanceEndpoints } from './settings/binance-endpoints.js';
import { readSettings, writeSettings } from './settings/settings-repo.js';
import { SecretStore, secretEnvNames } from './secrets/secret-store.js';
import { readNews } from './store/news-repo.js';
import { readCorporateActions } from './store/corporate-actions-repo.js';
import { readCoinGeckoSnapshots } from './store/coingecko-repo.js';
import { featureCatalog } from './features/feature-catalog.js';
import { marketClosures } from './calendar/market-closures.js';
import { TrainingRunsRepo } from './training/runs-repo.js';
import { reconciledStatus } from './training/run-status.js';
import { trainingDefaults } from './training/training-defaults.js';
import { seedForRun } from './training/presets.js';
import { listModels as listRegisteredModels } from './models/models-repo.js';
import { deleteModel as deleteRegisteredModel } from './models/register-model.js';

export type { Lab, LabDeps } from './lab-types.js';

/**
 * Opens the lab on a data dir: the database (migrated), the job manager, the event stream. The
 * same object serves the desktop app, the headless server, the CLI and tests.
 */
export async function openLab(deps: LabDeps): Promise<Lab> {
  const db = openDatabase(deps.dataDir, { nativeBinding: deps.sqliteNativeBinding });
  return new LabCore(db, deps);
}

class LabCore implements Lab {
  private readonly events = new EventEmitter();
  private readonly jobs: JobManager;
  private readonly secrets: SecretStore;

  constructor(
    private readonly db: Database.Database,
    private readonly deps: LabDeps,
  ) {
    this.events.setMaxListeners(0);
    const logger = deps.logger ?? silentLogger;
    this.secrets = new SecretStore(db, deps.env ?? process.env, deps.secretCipher);
    this.jobs = new JobManager(new JobsRepo(db), deps.jobRunner, {
      dataDir: deps.dataDir,
      sqliteNativeBinding: deps.sqliteNativeBinding,
      now: deps.now ?? Date.now,
      logger,
      emit: (event) => this.events.emit('event', event),
      secrets: () => this.secrets.values(),
    });
  }

  onEvent(listener: (event: LabEvent) => void): () => void {
    const safe = (event: LabEvent) => {
      try {
        listener(event);
      } catch (err) {
        (this.deps.logger ?? silentLogger).error('event listener threw', { error: (err as Error).message });
      }
    };
    this.events.on('event', safe);
    return () => this.events.off('event', safe);
  }

  async start(): Promise<void> {
    this.jobs.resumeUnfinished();
  }

  async close(): Promise<void> {
    await this.jobs.close();
    this.events.removeAllListeners();
    this.db.close();
  }

  async getInfo(): Promise<LabOutput<'getInfo'>> {
    return {
      version: this.deps.version ?? '0.1.0',
      dataDir: this.deps.dataDir,
      shell: this.deps.shell,
      canPickFolders: this.deps.canPickFolders ?? false,
    };
  }

  async getCoverage(): Promise<LabOutput<'getCoverage'>> {
    return queryCoverage(this.db);
  }

  async getCoverageDays(input: LabInput<'getCoverageDays'>): Promise<LabOutput<'getCoverageDays'>> {
    return queryCoverageDays(this.db, { ...input, limitDays: input.limitDays ?? 366 });
  }

  async getMarketClosures(input: LabInput<'getMarketClosures'>): Promise<LabOutput<'getMarketClosures'>> {
    return marketClosures(input.from, input.to);
  }

  async listJobs(input: LabInput<'listJobs'>): Promise<LabOutput<'listJobs'>> {
    return this.jobs.list(input.limit ?? 50);
  }

  async getJob(input: LabInput<'getJob'>): Promise<LabOutput<'getJob'>> {
    return this.jobs.get(input.jobId);
  }

  async startImport(input: LabInput<'startImport'>): Promise<LabOutput<'startImport'>> {
    // Relative paths mean the caller's working directory, not the job host's.
    const job = this.jobs.submit('import-binance-files', {
      ...input,
      paths: input.paths.map((p) => path.resolve(p)),
    });
    return { jobId: job.id };
  }

  async cancelJob(input: LabInput<'cancelJob'>): Promise<LabOutput<'cancelJob'>> {
    return this.jobs.cancel(input.jobId);
  }

  private get env(): Record<string, string | undefined> {
    return this.deps.env ?? process.env;
  }

  /**
   * Endpoints and concurrency are fixed when a job is submitted (flags, then env, stored settings,
   * defaults), so a job resumed after a restart talks to the same servers as the run it continues.
   */
  private withResolvedTransport<T extends { endpoints?: object; concurrency?: number }>(input: T) {
    const endpoints = resolveBinanceEndpoints(this.db, this.env, input.endpoints ?? {});
    const concurrency = input.concurrency ?? readSettings(this.db, this.env).downloadConcurrency.value;
    return { ...input, endpoints, concurrency };
  }

  async startFetchBinance(input: LabInput<'startFetchBinance'>): Promise<LabOutput<'startFetchBinance'>> {
    const job = this.jobs.submit('fetch-binance', this.withResolvedTransport(input));
    return { jobId: job.id };
  }

  async startFetchBinanceFutures(
    input: LabInput<'startFetchBinanceFutures'>,
  ): Promise<LabOutput<'startFetchBinanceFutures'>> {
    const job = this.jobs.submit('fetch-binance-futures', this.withResolvedTransport(input));
    return { jobId: job.id };
  }

  async startUniverseRefresh(
    input: LabInput<'startUniverseRefresh'>,
  ): Promise<LabOutput<'startUniverseRefresh'>> {
    const endpoints = resolveBinanceEndpoints(this.db, this.env, input.endpoints ?? {});
    const job = this.jobs.submit('refresh-universe', { ...input, endpoints });
    return { jobId: job.id };
  }

  async getUniverse(input: LabInput<'getUniverse'>): Promise<LabOutput<'getUniverse'>> {
    return universeAt(this.db, input.at ? Date.parse(input.at) : (this.deps.now ?? Date.now)());
  }

  async startQualityReport(input: LabInput<'startQualityReport'>): Promise<LabOutput<'startQualityReport'>> {
    const job = this.jobs.submit('compute-quality', input);
    return { jobId: job.id };
  }

  async getQualityReports(input: LabInput<'getQualityReports'>): Promise<LabOutput<'getQualityReports'>> {
    return readQualityReports(this.db, input);
  }

  async getSettings(): Promise<LabOutput<'getSettings'>> {
    return readSettings(this.db, this.env);
  }

  async updateSettings(input: LabInput<'updateSettings'>): Promise<LabOutput<'updateSettings'>> {
    writeSettings(this.db, input);
    return readSettings(this.db, this.env);
  }

  async startFetchPolygon(input: LabInput<'startFetchPolygon'>): Promise<LabOutput<'startFetchPolygon'>> {
    const missing = (['polygonS3AccessKey', 'polygonS3SecretKey'] as const).filter(
      (name) => !this.secrets.get(name),
    );
    if (missing.length > 0) {
      const where = this.secrets.canStore()
        ? 'enter them in Settings → Data sources → Credentials, or set'
        : 'set';
      throw new LabError(
        'invalid-input',
        `Polygon/Massive flat files need S3 credentials: ${where} ${missing.map((m) => secretEnvNames[m]).join(' and ')} (from your Massive dashboard, "Flat Files" keys).`,
      );
    }
    const settings = readSettings(this.db, this.env);
    const s3 = {
      endpoint: input.s3?.endpoint ?? settings.polygonS3Endpoint.value,
      bucket: input.s3?.bucket ?? settings.polygonS3Bucket.value,
    };
    const job = this.jobs.submit('fetch-polygon', { ...input, s3 });
    return { jobId: job.id };
  }

  async startFetchYahoo(input: LabInput<'startFetchYahoo'>): Promise<LabOutput<'startFetchYahoo'>> {
    const yahooUrl = input.endpoints?.yahooUrl ?? readSettings(this.db, this.env).yahooUrl.value;
    const job = this.jobs.submit('fetch-yahoo', { ...input, endpoints: { yahooUrl } });
    return { jobId: job.id };
  }

  async startFetchNews(input: LabInput<'startFetchNews'>): Promise<LabOutput<'startFetchNews'>> {
    const yahooUrl = input.endpoints?.yahooUrl ?? readSettings(this.db, this.env).yahooUrl.value;
    const job = this.jobs.submit('fetch-news', { ...input, endpoints: { yahooUrl } });
    return { jobId: job.id };
  }

  async startFetchCoinGecko(
    input: LabInput<'startFetchCoinGecko'>,
  ): Promise<LabOutput<'startFetchCoinGecko'>> {
    const coingeckoUrl = input.endpoints?.coingeckoUrl ?? readSettings(this.db, this.env).coingeckoUrl.value;
    const job = this.jobs.submit('fetch-coingecko', { ...input, endpoints: { coingeckoUrl } });
    return { jobId: job.id };
  }

  async getNews(input: LabInput<'getNews'>): Promise<LabOutput<'getNews'>> {
    return readNews(this.db, { ...input, limit: input.limit ?? 100 });
  }

  async getCorporateActions(
    input: LabInput<'getCorporateActions'>,
  ): Promise<LabOutput<'getCorporateActions'>> {
    return readCorporateActions(this.db, input.ticker);
  }

  async getCoinGeckoSnapshots(
    input: LabInput<'getCoinGeckoSnapshots'>,
  ): Promise<LabOutput<'getCoinGeckoSnapshots'>> {
    const at = input.at ? Date.parse(input.at) : (this.deps.now ?? Date.now)();
    return readCoinGeckoSnapshots(this.db, { kind: input.kind, at });
  }

  async getCredentialsStatus(): Promise<LabOutput<'getCredentialsStatus'>> {
    return this.secrets.status();
  }

  async setCredentials(input: LabInput<'setCredentials'>): Promise<LabOutput<'setCredentials'>> {
    return this.secrets.set(input, (this.deps.now ?? Date.now)());
  }

  async listFeatures(): Promise<LabOutput<'listFeatures'>> {
    return featureCatalog();
  }

  async startExportFeatures(
    input: LabInput<'startExportFeatures'>,
  ): Promise<LabOutput<'startExportFeatures'>> {
    // Relative paths mean the caller's working directory, not the job host's.
    const job = this.jobs.submit('export-features', { ...input, out: path.resolve(input.out) });
    return { jobId: job.id };
  }

  async getTrainingDefaults(
    input: LabInput<'getTrainingDefaults'>,
  ): Promise<LabOutput<'getTrainingDefaults'>> {
    return trainingDefaults(this.db, input?.preset ?? 'quick');
  }

  /** Creates the run (queued, seed fixed now) and submits its job; the job fills the run. */
  async startTraining(input: LabInput<'startTraining'>): Promise<LabOutput<'startTraining'>> {
    // Transports validate already; the CLI and tests call in directly. The stored request is the parsed one.
    const parsed = TrainPpoParams.safeParse(input);
    if (!parsed.success) throw new LabError('invalid-input', z.prettifyError(parsed.error));
    const request = parsed.data;
    const runs = new TrainingRunsRepo(this.db);
    const runId = this.db.transaction(() => {
      const id = runs.create({
        preset: request.preset,
        seed: request.seed ?? 0,
        request,
        createdAt: (this.deps.now ?? Date.now)(),
      });
      // No seed asked for: one fixed by the run id, so the run repeats when resumed or rerun.
      if (request.seed === undefined) runs.setSeed(id, seedForRun(id));
      return id;
    })();
    const job = this.jobs.submit('train-ppo', { runId, request });
    runs.setJob(runId, job.id);
    return { jobId: job.id, runId };
  }

  /** A new job for a cancelled, failed or interrupted run; it continues from the newest checkpoint. */
  async resumeTraining(input: LabInput<'resumeTraining'>): Promise<LabOutput<'resumeTraining'>> {
    const runs = new TrainingRunsRepo(this.db);
    const run = this.readRun(runs, input.runId);
    if (run.status === 'done') {
      throw new LabError(
        'conflict',
        `Training run ${run.id} is already done${run.modelId ? ` (model ${run.modelId})` : ''}; start a new run to train again.`,
      );
    }
    if (run.status === 'queued' || run.status === 'running') {
      throw new LabError(
        'conflict',
        `Training run ${run.id} is ${run.status} (job ${run.jobId}); cancel it first, or wait for it to end.`,
      );
    }
    // An interrupted job would resume by itself at the next start: cancel it so one job fills the run.
    if (run.jobId !== null) {
      const old = this.jobs.get(run.jobId);
      if (old.status === 'interrupted' || old.status === 'queued') this.jobs.cancel(run.jobId);
    }
    const job = this.jobs.submit('train-ppo', { runId: run.id, request: run.request });
    runs.setJob(run.id, job.id);
    return { jobId: job.id, runId: run.id };
  }

  async listTrainingRuns(input: LabInput<'listTrainingRuns'>): Promise<LabOutput<'listTrainingRuns'>> {
    const runs = new TrainingRunsRepo(this.db);
    return runs.list(input?.limit ?? 50).map((run) => this.reconcile(runs, run));
  }

  async getTrainingRun(input: LabInput<'getTrainingRun'>): Promise<LabOutput<'getTrainingRun'>> {
    const runs = new TrainingRunsRepo(this.db);
    return { ...this.readRun(runs, input.runId), metrics: runs.metrics(input.runId) };
  }

  async listModels(): Promise<LabOutput<'listModels'>> {
    return listRegisteredModels(this.db);
  }

  async deleteModel(input: LabInput<'deleteModel'>): Promise<LabOutput<'deleteModel'>> {
    return { deleted: deleteRegisteredModel(this.db, this.deps.dataDir, input.modelId) };
  }

  private readRun(runs: TrainingRunsRepo, runId: number) {
    const run = runs.get(runId);
    if (!run) throw new LabError('not-found', `No training run with id ${runId}.`);
    return this.reconcile(runs, run);
  }

  /** The run with the status its job implies (a job that died or was interrupted cannot say so itself). */
  private reconcile(runs: TrainingRunsRepo, run: TrainingRun): TrainingRun {
    let job: Job | undefined;
    try {
      job = run.jobId === null ? undefined : this.jobs.get(run.jobId);
    } catch {
      job = undefined;
    }
    const fix = reconciledStatus(run, job);
    if (!fix) return run;
    runs.setStatus(run.id, fix.status, fix.error, fix.endedAt);
    return { ...run, ...fix };
  }
}
