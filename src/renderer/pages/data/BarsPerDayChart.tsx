import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatInt } from '../../lib/format.js';
import { completeness, completenessColor, rowDays, type HeatmapRow } from '../../lib/heatmap.js';

/** Bars stored per UTC day for one instrument, against the bars a complete day holds. */
export function BarsPerDayChart({ row }: { row: HeatmapRow }) {
  const data = rowDays(row).map((day) => {
    const d = row.byDay.get(day);
    return { day, bars: d?.bars ?? 0, expected: d?.expected ?? null, ratio: d ? completeness(d) : 0 };
  });
  const expected = data.find((d) => d.expected != null)?.expected ?? null;

  return (
    <div className="bars-chart" data-testid="bars-per-day-chart">
      <div className="bars-chart__title">
        Bars per day · <span className="strong">{row.symbol}</span> {row.market} {row.interval}
      </div>
      <ResponsiveContainer width="100%" height={160}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#263040" vertical={false} />
          <XAxis dataKey="day" tick={{ fill: '#8b98ad', fontSize: 11 }} minTickGap={40} stroke="#394458" />
          <YAxis
            tick={{ fill: '#8b98ad', fontSize: 11 }}
            tickFormatter={(v: number) => formatInt(v)}
            width={56}
            stroke="#394458"
          />
          <Tooltip
            contentStyle={{ background: '#151b26', border: '1px solid #2d3748', color: '#dde3ee' }}
            formatter={(value) => [formatInt(Number(value)), 'bars']}
            cursor={{ fill: 'rgba(255,255,255,0.05)' }}
          />
          {expected != null && <ReferenceLine y={expected} stroke="#5b6b85" strokeDasharray="4 4" />}
          <Bar dataKey="bars" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.day} fill={completenessColor(d.ratio)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
