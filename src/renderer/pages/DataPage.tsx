import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote.js';
import { InlineSelect } from '../components/Select.js';
import { useCoverage } from '../hooks/use-coverage.js';
import { useSettings } from '../hooks/use-settings.js';
import { filterByMarket, marketFilterChoices, type MarketFilter } from '../lib/market-label.js';
import { CoinGeckoPanel } from './data/CoinGeckoPanel.js';
import { CoverageHeatmap } from './data/CoverageHeatmap.js';
import { CoverageTable } from './data/CoverageTable.js';
import { FetchPanel } from './data/FetchPanel.js';
import { FuturesPanel } from './data/FuturesPanel.js';
import { ImportPanel } from './data/ImportPanel.js';
import { NewsPanel } from './data/NewsPanel.js';
import { QualityPanel } from './data/QualityPanel.js';
import { RecentJobs } from './data/RecentJobs.js';
import { StocksPanel } from './data/StocksPanel.js';
import { UniversePanel } from './data/UniversePanel.js';
import { YahooPanel } from './data/YahooPanel.js';

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
 * Stocks (Polygon / Massive flat files):
 *                  polygon-credentials (data-configured = true | false, data-source = env | stored | mixed | none)
 *                  with one polygon-credentials-item per secret (data-name, data-source); polygon-tickers
 *                  (textarea, prefilled from the stockTickers setting), polygon-from, polygon-to (New York
 *                  session days), polygon-dataset-minute / polygon-dataset-day (checkboxes),
 *                  polygon-extended-hours, polygon-start, polygon-cancel, polygon-tickers-error /
 *                  polygon-from-error / polygon-to-error / polygon-datasets-error, polygon-form-error,
 *                  polygon-call-error (the lab's refusal, e.g. missing credentials naming the variables),
 *                  polygon-cancel-error. Its job uses the fetch ids with the prefix polygon-: polygon-progress,
 *                  polygon-eta, polygon-bytes-rate, polygon-bars-rate, polygon-active-file, polygon-summary
 *                  ([data-field=<PolygonFetchSummary key>] with data-value; [data-field=tickersNotFound]
 *                  with data-count when any), polygon-errors / polygon-error.
 * Yahoo bars:      yahoo-tickers, yahoo-interval (1m | 5m | 15m | 30m | 1h | 1d; each option names its
 *                  look-back window), yahoo-window (data-interval; the window of the chosen interval),
 *                  yahoo-range-note (when the range reaches past the window), yahoo-from, yahoo-to (optional),
 *                  yahoo-start, yahoo-cancel, yahoo-*-error; job: yahoo-progress, yahoo-summary
 *                  ([data-field=<YahooFetchSummary key>]), yahoo-errors.
 * News:            news-tickers, news-per-ticker, news-start, news-cancel, news-*-error; job: news-progress,
 *                  news-summary ([data-field=<NewsFetchSummary key>]), news-errors. Headlines: news-list
 *                  (data-loaded) with news-filter (select; '' = all tickers), news-empty, news-item (data-id,
 *                  data-tickers comma separated, data-published-at ISO; [data-field=publisher]) each with a
 *                  news-sentiment badge (data-value = score in [-1, 1], data-tone = positive | negative |
 *                  neutral).
 * CoinGecko:       coingecko-credentials (as polygon-credentials; the key is optional), coingecko-what-markets /
 *                  coingecko-what-trending (checkboxes), coingecko-start, coingecko-cancel, coingecko-what-error;
 *                  job: coingecko-progress, coingecko-summary ([data-field=requests], [data-field=snapshots]).
 *                  Snapshots: coingecko-empty, coingecko-snapshot (data-kind = markets | trending,
 *                  data-snapshot-id, data-taken-at ISO, data-count) with coingecko-item rows (data-rank,
 *                  data-id; [data-col=marketCapRank|priceUsd|marketCapUsd|volume24hUsd] with data-value).
 * Import files:    import-paths, import-market, import-choose (desktop only), import-start, import-call-error,
 *                  import-progress, import-summary, import-errors / import-error.
 * Coverage:        coverage-market (select: '' = all | stock | crypto-spot | crypto-perp; filters the table and
 *                  the heatmap), coverage-table, coverage-row ([data-col=…] cells; [data-col=market] has
 *                  data-value = the market kind and a market badge with data-market), coverage-empty.
 * Heatmap:         coverage-heatmap (data-loaded), heatmap-legend, heatmap-row (data-key, data-market; click for
 *                  the chart), cells with data-row (the row's data-key), data-day and data-ratio (bars /
 *                  expected: the core's expected is session-aware for stocks), data-closed="true" on a
 *                  stock's weekend, bars-per-day-chart.
 * Quality:         quality-recompute, quality-job, quality-call-error, quality-table, quality-empty,
 *                  quality-row (data-symbol, data-market, data-interval, data-trainable; click selects;
 *                  [data-col=bars|completeness|gaps|missingBars|misaligned|ohlcViolations|duplicates|trainable]),
 *                  quality-detail, quality-gaps (data-count = all gaps) with quality-gap-order and
 *                  quality-gap rows (data-kind; [data-col=after|before|missingBars]), quality-examples
 *                  with quality-example items.
 * Recent jobs:     jobs-list with job-row (data-job-id, data-status).
 *
 * Settings page (DataSourceSettings): settings-<key> for binanceVisionUrl, binanceVisionListUrl,
 * binanceRestUrl, binanceRestFuturesUrl, downloadConcurrency, polygonS3Endpoint, polygonS3Bucket, yahooUrl,
 * coingeckoUrl, stockTickers (a textarea; comma separated) (value = the stored value, empty = default;
 * data-source, data-effective; read-only when set by the environment), settings-<key>-source,
 * settings-<key>-error, settings-save, settings-saved, settings-save-error.
 * Settings page (CredentialsSettings): credentials (data-can-store = true | false) with one credential-<name>
 * row per secret (polygonS3AccessKey, polygonS3SecretKey, coingeckoApiKey; data-source = env | stored | none,
 * data-configured) holding credential-<name>-status; where the lab can store secrets (desktop keychain),
 * credential-<name>-input (password, write-only, empty after a save) and credential-<name>-remove (stored
 * ones), credentials-save, credentials-saved, credentials-save-error; elsewhere credentials-env-hint naming
 * the variables to set. No secret value is ever in the page.
 */

/** What market data is stored, how complete it is, and the ways to add more. */
export function DataPage() {
  const { rows, loaded, error, version } = useCoverage();
  const { settings } = useSettings();
  const defaultConcurrency = settings?.downloadConcurrency.value ?? null;
  const defaultTickers = settings?.stockTickers.value ?? null;
  const [market, setMarket] = useState<MarketFilter>('');
  return (
    <section className="page" data-testid="page-data">
      <h1 className="page__title">Data</h1>
      <FetchPanel defaultConcurrency={defaultConcurrency} />
      <FuturesPanel defaultConcurrency={defaultConcurrency} />
      <StocksPanel defaultTickers={defaultTickers} />
      <YahooPanel defaultTickers={defaultTickers} />
      <NewsPanel defaultTickers={defaultTickers} />
      <CoinGeckoPanel />
      <UniversePanel />
      <ImportPanel />
      <section className="panel" aria-labelledby="coverage-title">
        <div className="panel__head">
          <h2 className="panel__title" id="coverage-title">
            Coverage
          </h2>
          <InlineSelect
            label="Market"
            testId="coverage-market"
            value={market}
            options={marketFilterChoices}
            onChange={setMarket}
          />
        </div>
        {error && <ErrorNote message={`Could not load coverage: ${error}`} />}
        {loaded ? (
          <CoverageTable rows={filterByMarket(rows, market)} filtered={market !== ''} />
        ) : (
          !error && <p className="muted">Loading…</p>
        )}
      </section>
      <section className="panel" aria-labelledby="heatmap-title">
        <h2 className="panel__title" id="heatmap-title">
          Completeness by UTC day
        </h2>
        <CoverageHeatmap version={version} market={market} />
      </section>
      <QualityPanel />
      <RecentJobs />
    </section>
  );
}
