import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TrainingMetric, TrainingPhase } from '../../../shared/contract/index.js';
import { formatEta } from '../../lib/format.js';
import { chartPoints, type ChartSpec } from '../../lib/training-charts.js';
import { formatMeasure } from '../../lib/training-format.js';
import { phaseLabels } from '../../lib/training-phases.js';

const AXIS = { fill: '#8b98ad', fontSize: 11 };

/**
 * One live chart of a run (test id training-chart, data-chart = the spec's id, data-points = how
 * many points it draws). x is time since the run's first metric; dashed lines mark phase starts.
 */
export function MetricChart({
  spec,
  metrics,
  marks,
}: {
  spec: ChartSpec;
  metrics: readonly TrainingMetric[];
  marks: readonly { t: number; phase: TrainingPhase }[];
}) {
  const points = chartPoints(metrics, spec);
  const twoAxes = spec.series.some((s) => s.axis === 'right');
  return (
    <figure
      className="metric-chart"
      data-testid="training-chart"
      data-chart={spec.id}
      data-points={points.length}
    >
      <figcaption className="metric-chart__title">{spec.title}</figcaption>
      {points.length === 0 ? (
        <div className="metric-chart__empty muted">No values yet.</div>
      ) : (
        <ResponsiveContainer width="100%" height={180}>
          <LineChart data={points} margin={{ top: 6, right: twoAxes ? 0 : 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#263040" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              tick={AXIS}
              tickFormatter={(t: number) => formatEta(t)}
              stroke="#394458"
              minTickGap={30}
            />
            <YAxis yAxisId="left" tick={AXIS} tickFormatter={formatMeasure} width={58} stroke="#394458" />
            {twoAxes && (
              <YAxis
                yAxisId="right"
                orientation="right"
                tick={AXIS}
                tickFormatter={formatMeasure}
                width={58}
                stroke="#394458"
              />
            )}
            <Tooltip
              contentStyle={{ background: '#151b26', border: '1px solid #2d3748', color: '#dde3ee' }}
              labelFormatter={(t, payload) => {
                const phase = payload?.[0]?.payload?.phase as TrainingPhase | undefined;
                return `${formatEta(Number(t))}${phase ? ` · ${phaseLabels[phase]}` : ''}`;
              }}
              formatter={(value, name) => [formatMeasure(Number(value)), name]}
            />
            {spec.series.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
            {marks.map((m) => (
              <ReferenceLine
                key={`${m.phase}-${m.t}`}
                x={m.t}
                yAxisId="left"
                stroke="#5b6b85"
                strokeDasharray="4 4"
                label={{ value: m.phase, position: 'insideTopLeft', fill: '#8b98ad', fontSize: 10 }}
              />
            ))}
            {spec.series.map((s) => (
              <Line
                key={s.key}
                yAxisId={s.axis}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                dot={points.length < 30}
                strokeWidth={1.6}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
