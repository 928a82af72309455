import { useEffect, useMemo, useState } from 'react';
import type { CoverageDay } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { errorText } from '../../lib/error-text.js';
import { formatInt } from '../../lib/format.js';
import { buildHeatmap, completeness, completenessColor, type HeatmapRow } from '../../lib/heatmap.js';
import { useConnectionEpoch, useLab } from '../../transport/lab-context.js';
import { BarsPerDayChart } from './BarsPerDayChart.js';

function cellTitle(row: HeatmapRow, day: string, d: CoverageDay | undefined): string {
  const head = `${row.symbol} ${row.interval} · ${day} (UTC)`;
  if (!d) return `${head}\nno bars stored`;
  const pct = (completeness(d) * 100).toFixed(1);
  return `${head}\n${formatInt(d.bars)} of ${formatInt(d.expected)} bars (${pct}%)\ngaps: ${formatInt(d.gaps)}`;
}

/**
 * Instrument × UTC day grid, each cell coloured by bars/expected, so holes in the data stand out.
 * Refetches whenever `version` says stored bars changed. Clicking a row shows its bars per day.
 */
export function CoverageHeatmap({ version }: { version: number }) {
  const { api } = useLab();
  const [days, setDays] = useState<CoverageDay[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const epoch = useConnectionEpoch();

  useEffect(() => {
    if (epoch === 0) return;
    let current = true;
    api.getCoverageDays({}).then(
      (next) => {
        if (!current) return;
        setDays(next);
        setError(null);
      },
      (err: unknown) => current && setError(errorText(err)),
    );
    return () => {
      current = false;
    };
  }, [api, epoch, version]);

  const model = useMemo(() => buildHeatmap(days ?? []), [days]);
  const selectedRow = model.rows.find((r) => r.key === selected) ?? null;

  return (
    <div className="heatmap" data-testid="coverage-heatmap" data-loaded={days ? 'true' : 'false'}>
      {error && <ErrorNote message={`Could not load the per-day coverage: ${error}`} />}
      {days && model.rows.length === 0 && <p className="muted">Nothing to show yet: no days stored.</p>}
      {model.rows.length > 0 && (
        <>
          <div className="heatmap__scroll">
            <div
              className="heatmap__grid"
              style={{ gridTemplateColumns: `var(--heatmap-label) repeat(${model.days.length}, var(--heatmap-cell))` }}
            >
              <div className="heatmap__corner" />
              {model.months.map((m, i) => {
                const end = model.months[i + 1]?.column ?? model.days.length;
                return (
                  <div key={m.column} className="heatmap__month" style={{ gridColumn: `${m.column + 2} / span ${end - m.column}` }}>
                    {end - m.column >= 4 ? m.label : ''}
                  </div>
                );
              })}
              {model.rows.map((row) => (
                <HeatmapRowCells
                  key={row.key}
                  row={row}
                  days={model.days}
                  selected={row.key === selected}
                  onSelect={() => setSelected(row.key === selected ? null : row.key)}
                />
              ))}
            </div>
          </div>
          <Legend />
          {selectedRow && <BarsPerDayChart row={selectedRow} days={model.days} />}
        </>
      )}
    </div>
  );
}

function HeatmapRowCells({
  row,
  days,
  selected,
  onSelect,
}: {
  row: HeatmapRow;
  days: string[];
  selected: boolean;
  onSelect: () => void;
}) {
  return (
    <>
      <button
        type="button"
        className={selected ? 'heatmap__label heatmap__label--selected' : 'heatmap__label'}
        onClick={onSelect}
        title={`${row.symbol} · ${row.market} · ${row.interval} — click for bars per day`}
        data-testid="heatmap-row"
        data-key={row.key}
      >
        <span className="strong">{row.symbol}</span> <span className="muted">{row.interval}</span>
      </button>
      {days.map((day) => {
        const d = row.byDay.get(day);
        const ratio = d ? completeness(d) : 0;
        return (
          <div
            key={day}
            className={d ? 'heatmap__cell' : 'heatmap__cell heatmap__cell--empty'}
            style={d ? { background: completenessColor(ratio) } : undefined}
            title={cellTitle(row, day, d)}
            data-day={day}
            data-ratio={d ? ratio.toFixed(3) : '0'}
          />
        );
      })}
    </>
  );
}

function Legend() {
  const steps = [0, 0.25, 0.5, 0.75, 0.99, 1];
  return (
    <div className="heatmap__legend">
      <span className="muted">bars / expected:</span>
      <span className="heatmap__cell heatmap__cell--empty" /> none
      {steps.map((r) => (
        <span key={r} className="heatmap__legend-step">
          <span className="heatmap__cell" style={{ background: completenessColor(r) }} />
          {r === 1 ? 'complete' : `${Math.round(r * 100)}%`}
        </span>
      ))}
    </div>
  );
}
