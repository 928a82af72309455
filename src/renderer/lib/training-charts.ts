import type { PhaseSpan, TrainingMetric, TrainingPhase } from '../../shared/contract/index.js';

/** The measures of a run that the Training page charts. */
export type ChartMeasure =
  'meanEpisodeReward' | 'policyLoss' | 'valueLoss' | 'entropy' | 'approxKl' | 'envStepsPerSec';

export interface ChartSeries {
  key: ChartMeasure;
  label: string;
  color: string;
  /** Measures of different scale share a chart on two axes (entropy ~1, KL ~0.01). */
  axis: 'left' | 'right';
}

export interface ChartSpec {
  id: 'reward' | 'losses' | 'entropy-kl' | 'speed';
  title: string;
  series: ChartSeries[];
}

export const trainingCharts: readonly ChartSpec[] = [
  {
    id: 'reward',
    title: 'Mean episode reward',
    series: [{ key: 'meanEpisodeReward', label: 'reward', color: '#3fb56f', axis: 'left' }],
  },
  {
    id: 'losses',
    title: 'Policy and value loss',
    series: [
      { key: 'policyLoss', label: 'policy loss', color: '#4c8dff', axis: 'left' },
      { key: 'valueLoss', label: 'value loss', color: '#e0a53a', axis: 'right' },
    ],
  },
  {
    id: 'entropy-kl',
    title: 'Entropy and approximate KL',
    series: [
      { key: 'entropy', label: 'entropy', color: '#b07cff', axis: 'left' },
      { key: 'approxKl', label: 'approx. KL', color: '#ef5d5d', axis: 'right' },
    ],
  },
  {
    id: 'speed',
    title: 'Env-steps per second',
    series: [{ key: 'envStepsPerSec', label: 'env-steps/s', color: '#4fc1c9', axis: 'left' }],
  },
];

/** One point of a chart: seconds since the run's first metric, its phase, and the chart's measures. */
export type ChartPoint = { t: number; phase: TrainingPhase } & Partial<Record<ChartMeasure, number | null>>;

/** Most points a chart draws; longer runs are averaged into this many buckets. */
export const MAX_CHART_POINTS = 400;

/**
 * The points of one chart from a run's metrics, oldest first: x is seconds since the first metric
 * (one axis across phases whose step counters restart), rows without any of the chart's measures
 * are left out. More than `maxPoints` rows are averaged in equal runs of consecutive rows (never
 * across a phase change, so a phase's first values are not smeared into the one before), each
 * point placed at its run's last time.
 */
export function chartPoints(
  metrics: readonly TrainingMetric[],
  spec: ChartSpec,
  maxPoints = MAX_CHART_POINTS,
): ChartPoint[] {
  const keys = spec.series.map((s) => s.key);
  const rows = metrics
    .filter((m) => keys.some((k) => m[k] != null && Number.isFinite(m[k])))
    .sort((a, b) => a.time - b.time);
  if (rows.length === 0) return [];
  const t0 = Math.min(...metrics.map((m) => m.time));
  const bucket = Math.max(1, Math.ceil(rows.length / Math.max(1, maxPoints)));
  const points: ChartPoint[] = [];
  let start = 0;
  while (start < rows.length) {
    let end = start + 1;
    while (end < rows.length && end - start < bucket && rows[end].phase === rows[start].phase) end++;
    points.push(averagePoint(rows.slice(start, end), keys, t0));
    start = end;
  }
  return points;
}

function averagePoint(
  rows: readonly TrainingMetric[],
  keys: readonly ChartMeasure[],
  t0: number,
): ChartPoint {
  const last = rows[rows.length - 1];
  const point: ChartPoint = { t: (last.time - t0) / 1000, phase: last.phase };
  for (const key of keys) {
    let sum = 0;
    let n = 0;
    for (const row of rows) {
      const v = row[key];
      if (v != null && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    point[key] = n > 0 ? sum / n : null;
  }
  return point;
}

/** Where each phase began on the charts' time axis (seconds since the first metric). */
export function phaseMarks(
  metrics: readonly TrainingMetric[],
  phases: readonly PhaseSpan[],
): { t: number; phase: TrainingPhase }[] {
  if (metrics.length === 0) return [];
  const t0 = Math.min(...metrics.map((m) => m.time));
  const tEnd = Math.max(...metrics.map((m) => m.time));
  return phases
    .filter((p) => p.startedAt >= t0 && p.startedAt <= tEnd)
    .map((p) => ({ t: (p.startedAt - t0) / 1000, phase: p.phase }));
}

/** The newest value of each measure (the run's latest numbers beside the charts); null when never reported. */
export function latestValues(metrics: readonly TrainingMetric[]): Record<
  Exclude<keyof TrainingMetric, 'phase' | 'time'>,
  number | null
> & {
  phase: TrainingPhase | null;
} {
  const sorted = [...metrics].sort((a, b) => a.time - b.time);
  const pick = <K extends keyof TrainingMetric>(key: K): number | null => {
    for (let i = sorted.length - 1; i >= 0; i--) {
      const v = sorted[i][key];
      if (typeof v === 'number' && Number.isFinite(v)) return v;
    }
    return null;
  };
  const last = sorted[sorted.length - 1];
  return {
    phase: last?.phase ?? null,
    iteration: last ? last.iteration : null,
    envSteps: last ? last.envSteps : null,
    envStepsPerSec: pick('envStepsPerSec'),
    meanEpisodeReward: pick('meanEpisodeReward'),
    policyLoss: pick('policyLoss'),
    valueLoss: pick('valueLoss'),
    entropy: pick('entropy'),
    approxKl: pick('approxKl'),
    clipFraction: pick('clipFraction'),
    accuracy: pick('accuracy'),
    validationSharpe: pick('validationSharpe'),
    learningRate: pick('learningRate'),
  };
}
