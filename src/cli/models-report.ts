import type { ModelInfo } from '../shared/contract/index.js';
import { formatTable, type TableColumn } from './text-table.js';
import {
  formatEvaluationTable,
  formatLineageTable,
  formatPercent,
  formatRatioValue,
  formatSignedPercent,
  formatUtcMinute,
} from './training-report.js';

/** Text of `tradelab models`: the registry as a table, and one model's lineage and evaluation. */

/** `1.2 MB`, `840 kB`, `512 B` (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

/** The ONNX parity measure in the exponent form it is usually read in: `3.1e-7`. */
export function formatAbsDiff(x: number): string {
  return Number.isFinite(x) ? x.toExponential(1) : '-';
}

const MODEL_COLUMNS: TableColumn<ModelInfo>[] = [
  { title: 'ID', value: (m) => String(m.id), alignRight: true },
  { title: 'NAME', value: (m) => m.name },
  { title: 'CREATED (UTC)', value: (m) => formatUtcMinute(m.createdAt) },
  { title: 'SERIES', value: (m) => [...new Set(m.series.map((s) => s.symbol))].join(',') },
  { title: 'BACKEND', value: (m) => m.backend },
  {
    title: 'TEST RETURN',
    value: (m) => formatSignedPercent(m.evaluation.overall.policy.totalReturn),
    alignRight: true,
  },
  {
    title: 'B&H RETURN',
    value: (m) => formatSignedPercent(m.evaluation.overall.buyAndHold.totalReturn),
    alignRight: true,
  },
  { title: 'SHARPE', value: (m) => formatRatioValue(m.evaluation.overall.policy.sharpe), alignRight: true },
  { title: 'MAX DD', value: (m) => formatPercent(m.evaluation.overall.policy.maxDrawdown), alignRight: true },
  {
    title: 'TRADES',
    value: (m) => m.evaluation.overall.policy.trades.toLocaleString('en-US'),
    alignRight: true,
  },
  { title: 'ONNX Δ', value: (m) => formatAbsDiff(m.onnxCheck.maxAbsDiff), alignRight: true },
];

/**
 * The registered models with their key out-of-sample measures (overall: policy return against
 * buy-and-hold, Sharpe, max drawdown, trades) and the ONNX parity check.
 */
export function formatModelsTable(models: ModelInfo[]): string[] {
  if (models.length === 0)
    return ['No models registered yet. Train one with: tradelab train ppo --preset quick'];
  return [
    ...formatTable(MODEL_COLUMNS, models),
    '',
    'Measures are out of sample (the hold-out windows, overall). `tradelab models show <id>` gives the full evaluation.',
  ];
}

/** Numbers to 6 significant digits: a learning rate of 1e-4 / 3 should not read 0.00003333333333333333. */
function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;
}

/** Statistics stored beside the config (per-series normalisation): --json has them, the text names them. */
const STATISTICS_KEYS = new Set(['normalization']);

/** One line per top-level entry of a run's config, so a person sees the schedule without reading JSON. */
export function formatConfig(config: Record<string, unknown>): string[] {
  const entries = Object.entries(config);
  if (entries.length === 0) return [];
  const lines = ['Config:'];
  for (const [key, value] of entries) {
    if (STATISTICS_KEYS.has(key)) lines.push(`  ${key}: (fit on the train windows; --json prints it)`);
    else lines.push(`  ${key}: ${typeof value === 'string' ? value : JSON.stringify(value, roundNumbers)}`);
  }
  return lines;
}

/** One model: identity, lineage (data, features, code, seed, backend), files, ONNX check, evaluation. */
export function formatModelDetail(model: ModelInfo): string[] {
  return [
    `Model ${model.id} "${model.name}" (${model.kind}), registered ${formatUtcMinute(model.createdAt)} UTC` +
      (model.runId !== null ? ` by training run ${model.runId}` : ''),
    `Trained on ${model.backend} with seed ${model.seed}; feature set ${model.featureSetVersion} ` +
      `(${model.observationSize} observation values); code ${model.codeVersion}`,
    `Data hash (sha256 over the bar chunks used): ${model.dataHash}`,
    `Files (${formatBytes(model.sizeBytes)}): tfjs ${model.files.tfjs}; ONNX ${model.files.onnx}`,
    `ONNX check: max |onnxruntime − tfjs| = ${formatAbsDiff(model.onnxCheck.maxAbsDiff)} over ` +
      `${model.onnxCheck.observations.toLocaleString('en-US')} real observations`,
    ...formatLineageTable(model.series),
    ...formatConfig(model.config),
    ...formatEvaluationTable(model.evaluation),
  ];
}
