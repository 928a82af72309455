import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { CoverageDay } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { errorText } from '../../lib/error-text.js';
import { formatInt } from '../../lib/format.js';
import {
  buildHeatmap,
  completeness,
  completenessColor,
  headerCells,
  type HeatmapColumn,
  type HeatmapRow,
} from '../../lib/heatmap.js';
import { useConnectionEpoch, useLab } from '../../transport/lab-context.js';

// recharts is most of the bundle; load it only when someone opens a chart.
const BarsPerDayChart = lazy(() =>
  import('./BarsPerDayChart.js').then((m) => ({ default: m.BarsPerDayChart })),
);

const MARKET_SHORT: Record<CoverageDay['market'], string> = {
  stock: 'stock',
  'crypto-spot': 'spot',
  'crypto-perp': 'perp',
};

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
              style={{
                gridTemplateColumns: `var(--heatmap-label) ${model.columns.map(columnWidth).join(' ')}`,
              }}
            >
              <div className="heatmap__corner" />
              {headerCells(model).map((cell) => (
                <div
                  key={cell.start}
                  className={cell.skip ? 'heatmap__month heatmap__month--skip' : 'heatmap__month'}
                  style={{ gridColumn: `${cell.start + 2} / span ${cell.span}` }}
                >
                  {cell.skip || cell.span >= 4 ? cell.label : ''}
                </div>
              ))}
              {model.rows.map((row) => (
                <HeatmapRowCells
                  key={row.key}
                  row={row}
                  columns={model.columns}
                  selected={row.key === selected}
                  onSelect={() => setSelected(row.key === selected ? null : row.key)}
                />
              ))}
            </div>
          </div>
          <Legend />
          {selectedRow && (
            <Suspense fallback={<p className="muted">Loading chart…</p>}>
              <BarsPerDayChart row={selectedRow} />
            </Suspense>
          )}
        </>
      )}
    </div>
  );
}

const columnWidth = (col: HeatmapColumn): string =>
  col.kind === 'day' ? 'var(--heatmap-cell)' : 'var(--heatmap-skip)';

function skipTitle(col: Extract<HeatmapColumn, { kind: 'skip' }>): string {
  return `${col.from} … ${col.to}: ${formatInt(col.days)} days with no bars in any instrument (folded)`;
}

function HeatmapRowCells({
  row,
  columns,
  selected,
  onSelect,
}: {
  row: HeatmapRow;
  columns: HeatmapColumn[];
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
        <span className="strong">{row.symbol}</span>{' '}
        <span className="muted">
          {MARKET_SHORT[row.market]} {row.interval}
        </span>
      </button>
      {columns.map((col) => {
        if (col.kind === 'skip') {
          return <div key={`skip-${col.from}`} className="heatmap__skip" title={skipTitle(col)} />;
        }
        const day = col.day;
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
    <div className="heatmap__legend" data-testid="heatmap-legend">
      <span className="muted">
        Colour = completeness of the UTC day (bars stored / bars a full day holds):
      </span>
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
