import type {
  BackendChoice,
  Evaluation,
  JobProgress,
  PerformanceStats,
  SeriesLineage,
  StrategyComparison,
  TrainingRun,
} from '../shared/contract/index.js';
import { formatDuration, formatProgressLine } from './progress/format-progress.js';
import { formatTable, type TableColumn } from './text-table.js';

/**
 * Text of `tradelab train`: the progress line, the backend, the out-of-sample evaluation table,
 * the list of runs and the one JSON object --json prints. Pure functions of the contract's types.
 */

/** `+3.21%`, `-0.50%`, `0.00%`: signed so a loss never reads as a gain at a glance. */
export function formatSignedPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '-';
  const text = (fraction * 100).toFixed(2);
  return fraction > 0 && text !== '0.00' ? `+${text}%` : text === '-0.00' ? '0.00%' : `${text}%`;
}

/** `12.5%`: shares (exposure, drawdown, fees) have no sign to show. */
export function formatPercent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '-';
}

/** Ratios such as Sharpe: two decimals, `-` when not a number. */
export function formatRatioValue(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '-';
}

/** UTC ms as `YYYY-MM-DD`. */
export function formatUtcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** UTC ms as `YYYY-MM-DD HH:MM`. */
export function formatUtcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

const RL_PHASES = new Set(['ppo', 'finetune']);

/**
 * One progress line of a training job, e.g.
 * `ppo #12 [###-------] 245,760/1,000,000 env-steps  31,204 env-steps/s  ETA 24s  wasm`:
 * phase and iteration first (they say where the run is), the backend last. Outside PPO and the
 * finetune: `bc #2 behaviour cloning: step 50  wasm`.
 */
export function formatTrainingProgressLine(
  progress: JobProgress,
  options: { withBar: boolean; maxWidth?: number },
): string {
  const training = progress.detail?.training;
  const head = training ? `${training.phase} #${training.iteration} ` : '';
  const tail = training?.backend ? `  ${training.backend}` : '';
  // Env steps move only in the RL phases; elsewhere (data, BC, evaluation) a count, rate and ETA in
  // env-steps would read 0 and mislead, so those phases show their message alone. In the RL phases
  // the message ("ppo iteration 12/45") repeats the head, and would push the backend off an 80-column line.
  const body = !training
    ? formatProgressLine(progress, { withBar: options.withBar })
    : RL_PHASES.has(training.phase)
      ? formatProgressLine({ ...progress, message: undefined }, { withBar: options.withBar })
      : (progress.message ?? '');
  const line = `${head}${body}${tail}`;
  return options.maxWidth !== undefined && line.length > options.maxWidth
    ? `${line.slice(0, Math.max(0, options.maxWidth - 1))}…`
    : line;
}

/** What makes a new plain progress line of a training job: a new phase, iteration or step count. */
export function trainingProgressKey(progress: JobProgress): string {
  const training = progress.detail?.training;
  return `${training?.phase ?? ''}#${training?.iteration ?? ''}:${progress.done}`;
}

/**
 * The backend a run used and why the faster ones were skipped, e.g.
 * `Backend: wasm (auto; skipped tfjs-node-gpu: not installed, tfjs-node: not installed)`.
 */
export function formatBackend(choice: BackendChoice | null): string {
  if (choice === null) return 'Backend: not chosen yet (the run ended before it loaded one)';
  const how = choice.forced ? 'forced by --backend or Settings' : 'auto';
  const skipped = choice.attempts.filter((a) => !a.ok && a.name !== choice.name);
  const why =
    skipped.length > 0 ? `; skipped ${skipped.map((a) => `${a.name}: ${a.reason}`).join(', ')}` : '';
  return `Backend: ${choice.name} (${how}${why})`;
}

interface EvaluationRow {
  label: string;
  window: string;
  strategy: string;
  stats: PerformanceStats;
}

const STRATEGIES: { key: keyof StrategyComparison; name: string }[] = [
  { key: 'policy', name: 'policy' },
  { key: 'buyAndHold', name: 'buy & hold' },
  { key: 'flat', name: 'flat' },
];

const EVALUATION_COLUMNS: TableColumn<EvaluationRow>[] = [
  { title: 'SERIES', value: (r) => r.label },
  { title: 'TEST WINDOW (UTC)', value: (r) => r.window },
  { title: 'STRATEGY', value: (r) => r.strategy },
  { title: 'RETURN', value: (r) => formatSignedPercent(r.stats.totalReturn), alignRight: true },
  { title: 'SHARPE', value: (r) => formatRatioValue(r.stats.sharpe), alignRight: true },
  { title: 'SORTINO', value: (r) => formatRatioValue(r.stats.sortino), alignRight: true },
  { title: 'MAX DD', value: (r) => formatPercent(r.stats.maxDrawdown), alignRight: true },
  { title: 'TRADES', value: (r) => r.stats.trades.toLocaleString('en-US'), alignRight: true },
  { title: 'FEES', value: (r) => formatPercent(r.stats.feesPaid, 2), alignRight: true },
  { title: 'EXPOSURE', value: (r) => formatPercent(r.stats.exposure, 0), alignRight: true },
];

function comparisonRows(label: string, window: string, comparison: StrategyComparison): EvaluationRow[] {
  return STRATEGIES.map((s, i) => ({
    label: i === 0 ? label : '',
    window: i === 0 ? window : '',
    strategy: s.name,
    stats: comparison[s.key],
  }));
}

/**
 * The out-of-sample table: per series then overall, three rows each (policy, buy & hold, flat)
 * with return, Sharpe, Sortino, max drawdown, trades, fees and exposure.
 */
export function formatEvaluationTable(evaluation: Evaluation): string[] {
  const rows = evaluation.series.flatMap((s) =>
    comparisonRows(
      `${s.symbol} ${s.interval} ${s.market}`,
      `${formatUtcDay(s.from)} → ${formatUtcDay(s.to)}`,
      s,
    ),
  );
  rows.push(...comparisonRows('overall', '', evaluation.overall));
  return [
    'Out-of-sample evaluation (hold-out windows after a purge gap, costs included; returns and fees as a share of starting equity):',
    ...formatTable(EVALUATION_COLUMNS, rows).map((line) => `  ${line}`),
  ];
}

const LINEAGE_COLUMNS: TableColumn<SeriesLineage>[] = [
  { title: 'SERIES', value: (s) => `${s.symbol} ${s.interval} ${s.market}` },
  { title: 'TRAIN (UTC)', value: (s) => `${formatUtcDay(s.trainFrom)} → ${formatUtcDay(s.trainTo)}` },
  { title: 'BARS', value: (s) => s.trainBars.toLocaleString('en-US'), alignRight: true },
  { title: 'PURGE', value: (s) => `${s.purgeBars} bars`, alignRight: true },
  { title: 'TEST (UTC)', value: (s) => `${formatUtcDay(s.testFrom)} → ${formatUtcDay(s.testTo)}` },
  { title: 'BARS', value: (s) => s.testBars.toLocaleString('en-US'), alignRight: true },
];

/** Where each series was trained and tested, with the purge gap between. */
export function formatLineageTable(series: SeriesLineage[]): string[] {
  if (series.length === 0) return ['Series: none prepared yet.'];
  return ['Series:', ...formatTable(LINEAGE_COLUMNS, series).map((line) => `  ${line}`)];
}

/**
 * How to continue a run (the data dir repeated when one was given). Without a checkpoint (stopped
 * before behaviour cloning ended) a resumed run starts from the beginning, with the same seed.
 */
export function resumeHint(runId: number, options: { dataDir?: string; checkpoint?: boolean } = {}): string {
  const dir = options.dataDir ? ` --data-dir ${JSON.stringify(options.dataDir)}` : '';
  const command = `tradelab train resume ${runId}${dir}`;
  return options.checkpoint === false
    ? `Resume it with: ${command} (no checkpoint yet, so it starts again from the beginning)`
    : `Resume it from its newest checkpoint with: ${command}`;
}

function runDuration(run: TrainingRun): string {
  return run.endedAt !== null ? ` in ${formatDuration((run.endedAt - run.createdAt) / 1000)}` : '';
}

/** Where the newest checkpoint stands, e.g. `ppo iteration 40`, `start of evaluate`. */
function checkpointText(run: TrainingRun): string {
  if (!run.checkpoint) return 'none yet';
  const { phase, iteration } = run.checkpoint;
  return iteration === 0 ? `start of ${phase}` : `${phase} iteration ${iteration}`;
}

/** A sentence ends once: job errors usually end with their own full stop. */
function endSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * The human report of a run that ended: its outcome (model id, or the error / the resume command),
 * the backend, where each series was trained and tested, and the evaluation table.
 */
export function formatTrainingResult(run: TrainingRun, options: { dataDir?: string } = {}): string[] {
  const lines: string[] = [];
  switch (run.status) {
    case 'done':
      lines.push(
        `Training run ${run.id} done${runDuration(run)}: model ${run.modelId ?? '(none)'} registered ` +
          `(preset ${run.preset}, seed ${run.seed}). \`tradelab models show ${run.modelId ?? '?'}\` shows it again.`,
      );
      break;
    case 'cancelled':
    case 'interrupted':
    case 'failed':
      lines.push(
        endSentence(
          `Training run ${run.id} ${run.status}${run.phase ? ` during ${run.phase}` : ''}` +
            `${run.status === 'failed' && run.error ? `: ${run.error}` : ''}`,
        ) + ` Newest checkpoint: ${checkpointText(run)}.`,
        resumeHint(run.id, { dataDir: options.dataDir, checkpoint: run.checkpoint !== null }),
      );
      break;
    default:
      lines.push(`Training run ${run.id} is ${run.status}${run.phase ? ` (${run.phase})` : ''}.`);
  }
  lines.push(formatBackend(run.backend));
  if (run.series.length > 0) lines.push(...formatLineageTable(run.series));
  if (run.evaluation) lines.push(...formatEvaluationTable(run.evaluation));
  return lines;
}

/** What `tradelab train ppo --json` prints last: one object a script can read. */
export interface TrainingResultJson {
  runId: number;
  jobId: number | null;
  status: TrainingRun['status'];
  modelId: number | null;
  /** The backend's name (null when the run ended before choosing one). */
  backend: string | null;
  /** Every backend tried, and why the faster ones were skipped. */
  backendAttempts: BackendChoice['attempts'];
  evaluation: Evaluation | null;
  error: string | null;
}

export function trainingResultJson(run: TrainingRun): TrainingResultJson {
  return {
    runId: run.id,
    jobId: run.jobId,
    status: run.status,
    modelId: run.modelId,
    backend: run.backend?.name ?? null,
    backendAttempts: run.backend?.attempts ?? [],
    evaluation: run.evaluation,
    error: run.error,
  };
}

const RUN_COLUMNS: TableColumn<TrainingRun>[] = [
  { title: 'RUN', value: (r) => String(r.id), alignRight: true },
  { title: 'STATUS', value: (r) => r.status },
  { title: 'PRESET', value: (r) => r.preset },
  { title: 'SEED', value: (r) => String(r.seed), alignRight: true },
  { title: 'PHASE', value: (r) => r.phase ?? '-' },
  {
    title: 'CHECKPOINT',
    value: (r) => (r.checkpoint ? `${r.checkpoint.phase} #${r.checkpoint.iteration}` : '-'),
  },
  { title: 'BACKEND', value: (r) => r.backend?.name ?? '-' },
  { title: 'SERIES', value: (r) => (r.series.length > 0 ? r.series.map((s) => s.symbol).join(',') : '-') },
  { title: 'MODEL', value: (r) => (r.modelId !== null ? String(r.modelId) : '-'), alignRight: true },
  {
    title: 'TEST RETURN',
    value: (r) => (r.evaluation ? formatSignedPercent(r.evaluation.overall.policy.totalReturn) : '-'),
    alignRight: true,
  },
  { title: 'CREATED (UTC)', value: (r) => formatUtcMinute(r.createdAt) },
  { title: 'ERROR', value: (r) => r.error ?? '' },
];

/** The runs, newest first as the lab lists them; resumable ones are named below the table. */
export function formatRunsTable(runs: TrainingRun[]): string[] {
  if (runs.length === 0) return ['No training runs yet. Start one with: tradelab train ppo --preset quick'];
  const lines = formatTable(RUN_COLUMNS, runs);
  const resumable = runs.filter((r) => ['cancelled', 'failed', 'interrupted'].includes(r.status));
  if (resumable.length > 0)
    lines.push('', `Resumable (${resumable.map((r) => r.id).join(', ')}): tradelab train resume <run>`);
  return lines;
}
