import type { ModelInfo, SeriesLineage } from '../../shared/contract/index.js';
import { formatBytes, formatInt } from './format.js';
import { statColumns, type StatKey } from './training-eval.js';
import { backendLabel, formatSignedPercent, formatTime, formatWindow } from './training-format.js';

/** A model's headline numbers for the list: out-of-sample policy results against buy-and-hold. */
export interface ModelHeadline {
  policyReturn: number;
  buyAndHoldReturn: number;
  /** Policy minus buy-and-hold total return (positive: it beat holding). */
  edge: number;
  sharpe: number;
  maxDrawdown: number;
}

export function modelHeadline(model: ModelInfo): ModelHeadline {
  const { policy, buyAndHold } = model.evaluation.overall;
  return {
    policyReturn: policy.totalReturn,
    buyAndHoldReturn: buyAndHold.totalReturn,
    edge: policy.totalReturn - buyAndHold.totalReturn,
    sharpe: policy.sharpe,
    maxDrawdown: policy.maxDrawdown,
  };
}

/** "BTCUSDT, ETHUSDT, AAPL" (the first few, then "+N more"). */
export function seriesSummary(series: readonly Pick<SeriesLineage, 'symbol'>[], shown = 4): string {
  const symbols = [...new Set(series.map((s) => s.symbol))];
  if (symbols.length <= shown) return symbols.join(', ');
  return `${symbols.slice(0, shown).join(', ')} +${symbols.length - shown} more`;
}

/** One row of the comparison table: a measure, its text per model, and the model(s) best at it. */
export interface CompareRow {
  key: string;
  label: string;
  group: 'Policy (hold-out)' | 'Against the benchmarks' | 'Model';
  texts: string[];
  /** Indexes of the models with the best value; empty where no direction is better or all tie. */
  best: number[];
}

function bestIndexes(values: readonly number[], better: 'higher' | 'lower' | null): number[] {
  if (!better) return [];
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return [];
  const target = better === 'higher' ? Math.max(...finite) : Math.min(...finite);
  const best = values.flatMap((v, i) => (v === target ? [i] : []));
  return best.length === values.length ? [] : best;
}

const statRow = (models: readonly ModelInfo[], key: StatKey): CompareRow => {
  const column = statColumns.find((c) => c.key === key)!;
  const values = models.map((m) => m.evaluation.overall.policy[key]);
  return {
    key: `policy.${key}`,
    label: column.label,
    group: 'Policy (hold-out)',
    texts: values.map(column.format),
    best: bestIndexes(values, column.better),
  };
};

/**
 * Models side by side: every out-of-sample measure of the policy (overall), its edge over
 * buy-and-hold and flat, then what the models were trained on and with.
 */
export function compareRows(models: readonly ModelInfo[]): CompareRow[] {
  const edgeOver = (benchmark: 'buyAndHold' | 'flat') =>
    models.map((m) => m.evaluation.overall.policy.totalReturn - m.evaluation.overall[benchmark].totalReturn);
  const text = (label: string, key: string, texts: string[]): CompareRow => ({
    key,
    label,
    group: 'Model',
    texts,
    best: [],
  });
  const bh = edgeOver('buyAndHold');
  const flat = edgeOver('flat');
  return [
    ...statColumns.map((c) => statRow(models, c.key)),
    {
      key: 'edge.buyAndHold',
      label: 'Return vs buy & hold',
      group: 'Against the benchmarks',
      texts: bh.map((v) => formatSignedPercent(v)),
      best: bestIndexes(bh, 'higher'),
    },
    {
      key: 'edge.flat',
      label: 'Return vs flat',
      group: 'Against the benchmarks',
      texts: flat.map((v) => formatSignedPercent(v)),
      best: bestIndexes(flat, 'higher'),
    },
    text(
      'Buy & hold return',
      'buyAndHold.totalReturn',
      models.map((m) => formatSignedPercent(m.evaluation.overall.buyAndHold.totalReturn)),
    ),
    text(
      'Created (UTC)',
      'createdAt',
      models.map((m) => formatTime(m.createdAt)),
    ),
    text(
      'Series',
      'series',
      models.map((m) => seriesSummary(m.series)),
    ),
    text(
      'Hold-out bars',
      'bars',
      models.map((m) => formatInt(m.evaluation.overall.policy.bars)),
    ),
    text(
      'Feature set',
      'featureSetVersion',
      models.map((m) => m.featureSetVersion),
    ),
    text(
      'Backend',
      'backend',
      models.map((m) => backendLabel(m.backend)),
    ),
    text(
      'Seed',
      'seed',
      models.map((m) => String(m.seed)),
    ),
    text(
      'ONNX max diff',
      'onnx',
      models.map((m) => m.onnxCheck.maxAbsDiff.toExponential(1)),
    ),
  ];
}

/** A model's lineage as label/value pairs (series come separately, as a table). */
export function lineageFacts(model: ModelInfo): { label: string; value: string; mono?: boolean }[] {
  return [
    { label: 'Model', value: `#${model.id} ${model.name}` },
    { label: 'Created (UTC)', value: formatTime(model.createdAt) },
    { label: 'Training run', value: model.runId == null ? '—' : `#${model.runId}` },
    { label: 'Feature set', value: model.featureSetVersion, mono: true },
    { label: 'Observation size', value: String(model.observationSize) },
    { label: 'Seed', value: String(model.seed) },
    { label: 'Backend', value: backendLabel(model.backend) },
    { label: 'Code version', value: model.codeVersion, mono: true },
    { label: 'Data hash', value: model.dataHash, mono: true },
    {
      label: 'ONNX check',
      value: `max |onnxruntime − tfjs| = ${model.onnxCheck.maxAbsDiff.toExponential(2)} over ${formatInt(
        model.onnxCheck.observations,
      )} observations${model.onnxCheck.maxAbsDiff <= 1e-5 ? ' (within 1e-5)' : ' (ABOVE the 1e-5 bound)'}`,
    },
    {
      label: 'Files',
      value: `${model.files.tfjs} · ${model.files.onnx} (${formatBytes(model.sizeBytes)})`,
      mono: true,
    },
  ];
}

/** Train and test windows of one series, as the lineage table shows them. */
export function lineageWindows(series: SeriesLineage): { train: string; test: string } {
  return {
    train: formatWindow(series.trainFrom, series.trainTo),
    test: formatWindow(series.testFrom, series.testTo),
  };
}

/** The config as sorted "key: value" lines (nested objects as compact JSON), for the lineage view. */
export function configLines(config: Record<string, unknown>): { key: string; value: string }[] {
  return Object.keys(config)
    .sort()
    .map((key) => {
      const value = config[key];
      return { key, value: typeof value === 'string' ? value : JSON.stringify(value) };
    });
}
