import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { CoverageDay } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { errorText } from '../../lib/error-text.js';
import { formatInt } from '../../lib/format.js';
import {
  buildHeatmap,
  completeness,
  completenessColor,
  emptyCellKind,
  headerCells,
  stockDayRange,
  type HeatmapColumn,
  type HeatmapRow,
} from '../../lib/heatmap.js';
import { filterByMarket, type MarketFilter } from '../../lib/market-label.js';
import { useConnectionEpoch, useLab } from '../../transport/lab-context.js';
import { MarketBadge } from './MarketBadge.js';

// recharts is most of the bundle; load it only when someone opens a chart.
const BarsPerDayChart = lazy(() =>
  import('./BarsPerDayChart.js').then((m) => ({ default: m.BarsPerDayChart })),
);

function cellTitle(
  row: HeatmapRow,
  day: string,
  d: CoverageDay | undefined,
  closures: ReadonlyMap<string, string>,
): string {
  const stock = row.market === 'stock';
  const head = `${row.symbol} ${row.market} ${row.interval} · ${day} (UTC)`;
  if (!d) {
    if (emptyCellKind(row.market, day, closures) === 'closed') {
      const why = closures.get(day) ?? 'weekend';
      return `${head}\n${why}: the exchange is closed, nothing missing`;
    }
    return stock ? `${head}\nno bars stored (not fetched)` : `${head}\nno bars stored`;
  }
  const pct = (completeness(d) * 100).toFixed(1);
  const of = stock ? 'expected in the session' : 'in a full day';
  return `${head}\n${formatInt(d.bars)} of ${formatInt(d.expected)} bars ${of} (${pct}%)\ngaps: ${formatInt(d.gaps)}`;
}

/**
 * Instrument × UTC day grid, each cell coloured by bars/expected, so holes in the data stand out.
 * Stocks are measured against their NYSE session (the core's `expected`: 390 minutes, 210 on early
 * closes), crypto against the full day; stock weekends show as closed, not as holes. `market`
 * narrows the rows to one kind. Refetches whenever `version` says stored bars changed. Clicking a
 * row shows its bars per day.
 */
export function CoverageHeatmap({ version, market = '' }: { version: number; market?: MarketFilter }) {
  const { api } = useLab();
  const [days, setDays] = useState<CoverageDay[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [closures, setClosures] = useState<ReadonlyMap<string, string>>(new Map());
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

  // Exchange holidays over the stock rows' days, so they read as closed rather than missing.
  const stockRange = useMemo(() => stockDayRange(days ?? []), [days]);
  const rangeFrom = stockRange?.from;
  const rangeTo = stockRange?.to;
  useEffect(() => {
    if (!rangeFrom || !rangeTo) return;
    let current = true;
    api.getMarketClosures({ from: rangeFrom, to: rangeTo }).then(
      (list) => current && setClosures(new Map(list.map((c) => [c.date, c.reason]))),
      // Without the calendar a holiday shows as "not fetched"; the grid itself still works.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api, rangeFrom, rangeTo]);

  const model = useMemo(() => buildHeatmap(filterByMarket(days ?? [], market)), [days, market]);
  const hasStocks = model.rows.some((r) => r.market === 'stock');
  const selectedRow = model.rows.find((r) => r.key === selected) ?? null;

  return (
    <div className="heatmap" data-testid="coverage-heatmap" data-loaded={days ? 'true' : 'false'}>
      {error && <ErrorNote message={`Could not load the per-day coverage: ${error}`} />}
      {days && model.rows.length === 0 && (
        <p className="muted">
          {market && days.length > 0
            ? 'No days stored for this market.'
            : 'Nothing to show yet: no days stored.'}
        </p>
      )}
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
                  closures={closures}
                  onSelect={() => setSelected(row.key === selected ? null : row.key)}
                />
              ))}
            </div>
          </div>
          <Legend withStocks={hasStocks} />
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
  closures,
  onSelect,
}: {
  row: HeatmapRow;
  columns: HeatmapColumn[];
  selected: boolean;
  closures: ReadonlyMap<string, string>;
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
        data-market={row.market}
      >
        <span className="strong">{row.symbol}</span> <MarketBadge market={row.market} short />{' '}
        <span className="muted">{row.interval}</span>
      </button>
      {columns.map((col) => {
        if (col.kind === 'skip') {
          return <div key={`skip-${col.from}`} className="heatmap__skip" title={skipTitle(col)} />;
        }
        const day = col.day;
        const d = row.byDay.get(day);
        const ratio = d ? completeness(d) : 0;
        const empty = d ? null : emptyCellKind(row.market, day, closures);
        return (
          <div
            key={day}
            className={empty ? `heatmap__cell heatmap__cell--${empty}` : 'heatmap__cell'}
            style={d ? { background: completenessColor(ratio) } : undefined}
            title={cellTitle(row, day, d, closures)}
            data-row={row.key}
            data-day={day}
            data-ratio={d ? ratio.toFixed(3) : '0'}
            data-closed={empty === 'closed' ? 'true' : undefined}
          />
        );
      })}
    </>
  );
}

function Legend({ withStocks }: { withStocks: boolean }) {
  const steps = [0, 0.25, 0.5, 0.75, 0.99, 1];
  return (
    <div className="heatmap__legend" data-testid="heatmap-legend">
      <span className="muted">
        Colour = completeness of the UTC day (bars stored / bars expected: a full day for crypto
        {withStocks ? ', the NYSE session for stocks' : ''}):
      </span>
      <span className="heatmap__cell heatmap__cell--empty" /> none
      {withStocks && (
        <>
          <span className="heatmap__cell heatmap__cell--closed" /> closed (weekend or holiday)
        </>
      )}
      {steps.map((r) => (
        <span key={r} className="heatmap__legend-step">
          <span className="heatmap__cell" style={{ background: completenessColor(r) }} />
          {r === 1 ? 'complete' : `${Math.round(r * 100)}%`}
        </span>
      ))}
    </div>
  );
}
