import { ErrorNote } from '../components/ErrorNote.js';
import { useCoverage } from '../hooks/use-coverage.js';
import { useSettings } from '../hooks/use-settings.js';
import { CoverageHeatmap } from './data/CoverageHeatmap.js';
import { CoverageTable } from './data/CoverageTable.js';
import { FetchPanel } from './data/FetchPanel.js';
import { FuturesPanel } from './data/FuturesPanel.js';
import { ImportPanel } from './data/ImportPanel.js';
import { QualityPanel } from './data/QualityPanel.js';
import { RecentJobs } from './data/RecentJobs.js';
import { UniversePanel } from './data/UniversePanel.js';

/*
 * Test ids of the Data page (the e2e suite drives these; keep them stable). Rows carry raw values
 * in data-* attributes (data-value, data-col, data-field) so tests need not parse formatted text.
 *
 * Page:            page-data
 * Fetch klines:    fetch-preset (select; '' = custom), fetch-preset-notes, fetch-symbols (textarea),
 *                  fetch-market (spot | um), fetch-interval, fetch-from, fetch-to (date inputs, UTC days),
 *                  fetch-concurrency, fetch-rest-fill (checkbox), fetch-start, fetch-cancel (enabled while
 *                  the followed job runs), fetch-symbols-error / fetch-from-error / fetch-to-error /
 *                  fetch-concurrency-error (inline validation), fetch-form-error, fetch-call-error,
 *                  fetch-cancel-error.
 *   Job (latest fetch-binance job, or the one started here; data-job-id on .fetch-job):
 *                  fetch-progress (while queued/running; data-status) with [data-field=done-total]
 *                  (data-done, data-total), [data-field=rate], fetch-eta (data-value = seconds),
 *                  [data-field=bytes], fetch-bytes-rate (MB/s; data-value = bytes/s), [data-field=bars],
 *                  fetch-bars-rate (data-value = bars/s), fetch-active-file (one per file in flight,
 *                  data-name); fetch-summary (after it ended; data-status; a [data-field=<FetchSummary key>]
 *                  with data-value per count, [data-field=notes], [data-field=error]); fetch-errors
 *                  (data-count) with one fetch-error per job issue ([data-field=subject|line|message]).
 * Futures data:    futures-symbols, futures-what-funding / -metrics / -oi / -premium (checkboxes),
 *                  futures-from, futures-to, futures-start, futures-cancel, futures-*-error as above;
 *                  its job uses the fetch ids with the prefix futures-: futures-progress, futures-eta,
 *                  futures-bytes-rate, futures-bars-rate, futures-active-file, futures-summary, futures-errors.
 * Universe:        universe-refresh, universe-job (progress while it runs), universe-job-error,
 *                  universe-call-error, universe-empty, universe-meta (data-snapshot-id), universe-table
 *                  with universe-member rows (data-symbol, data-rank; [data-col=quoteVolume]).
 * Import files:    import-paths, import-market, import-choose (desktop only), import-start, import-call-error,
 *                  import-progress, import-summary, import-errors / import-error.
 * Coverage:        coverage-table, coverage-row ([data-col=…] cells), coverage-empty.
 * Heatmap:         coverage-heatmap (data-loaded), heatmap-legend, heatmap-row (data-key; click for the chart),
 *                  cells with data-day and data-ratio (bars / expected), bars-per-day-chart.
 * Quality:         quality-recompute, quality-job, quality-call-error, quality-table, quality-empty,
 *                  quality-row (data-symbol, data-market, data-interval, data-trainable; click selects;
 *                  [data-col=bars|completeness|gaps|missingBars|misaligned|ohlcViolations|duplicates|trainable]),
 *                  quality-detail, quality-gaps (data-count = all gaps) with quality-gap-order and
 *                  quality-gap rows (data-kind; [data-col=after|before|missingBars]), quality-examples
 *                  with quality-example items.
 * Recent jobs:     jobs-list with job-row (data-job-id, data-status).
 *
 * Settings page (DataSourceSettings): settings-<key> for binanceVisionUrl, binanceVisionListUrl,
 * binanceRestUrl, binanceRestFuturesUrl, downloadConcurrency (value = the stored value, empty = default;
 * data-source, data-effective; read-only when set by the environment), settings-<key>-source,
 * settings-<key>-error, settings-save, settings-saved, settings-save-error.
 */

/** What market data is stored, how complete it is, and the ways to add more. */
export function DataPage() {
  const { rows, loaded, error, version } = useCoverage();
  const defaultConcurrency = useSettings().settings?.downloadConcurrency.value ?? null;
  return (
    <section className="page" data-testid="page-data">
      <h1 className="page__title">Data</h1>
      <FetchPanel defaultConcurrency={defaultConcurrency} />
      <FuturesPanel defaultConcurrency={defaultConcurrency} />
      <UniversePanel />
      <ImportPanel />
      <section className="panel" aria-labelledby="coverage-title">
        <h2 className="panel__title" id="coverage-title">
          Coverage
        </h2>
        {error && <ErrorNote message={`Could not load coverage: ${error}`} />}
        {loaded ? <CoverageTable rows={rows} /> : !error && <p className="muted">Loading…</p>}
      </section>
      <section className="panel" aria-labelledby="heatmap-title">
        <h2 className="panel__title" id="heatmap-title">
          Completeness by UTC day
        </h2>
        <CoverageHeatmap version={version} />
      </section>
      <QualityPanel />
      <RecentJobs />
    </section>
  );
}
