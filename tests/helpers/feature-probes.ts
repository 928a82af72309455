import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { MarketKind } from '../../src/shared/contract/index.js';
import {
  dbFeatureContext,
  emptyFeatureContext,
  memoryFeatureContext,
  type FeatureContext,
} from '../../src/core/features/registry/feature-context.js';
import type { FeatureInput } from '../../src/core/features/registry/feature-definition.js';
import { FINANCE_LEXICON_VERSION } from '../../src/core/news/finance-lexicon.js';
import { scoreHeadline } from '../../src/core/news/score-headline.js';
import { allocateColumns, sliceColumns, type BarColumns } from '../../src/core/store/bar-columns.js';
import { migrate } from '../../src/core/store/migrate.js';
import { storeHeadlines } from '../../src/core/store/news-repo.js';
import { dataPath } from './paths.js';
import { loadBinanceSeries, loadFuturesMinutes, loadStockMinutes } from './real-series.js';
import { loadRecordedSearches } from './yahoo-replay/index.js';

/**
 * Real series, each with the context a feature of its market reads, for the checks that run over
 * every registered feature (leakage guard, streaming parity, the observation ranges). Every price
 * comes from ../shared/data; see each probe for what it holds.
 */
export interface FeatureProbe {
  label: string;
  input: FeatureInput & { intervalMs: number };
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

function probe(
  label: string,
  bars: BarColumns,
  market: MarketKind,
  symbol: string,
  intervalMs: number,
  context: FeatureContext = emptyFeatureContext(),
): FeatureProbe {
  return { label, input: { bars, market, symbol, context, intervalMs } };
}

/** CSV rows of a file with a header line, split on commas. */
function csvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(','));
}

/**
 * BTCUSDT USD-M perpetual 1h bars (REST, 2025-09-13..2026-03-19), with its real funding rates
 * (2026-01-12..2026-03-20) and 4h open interest (2026-02-20..2026-03-20) in the context.
 */
export function btcPerpetualProbe(): FeatureProbe {
  const dir = dataPath('binance/futures/um/rest-derived');
  const rows = csvRows(`${dir}/1h/BTCUSDT.csv`);
  const bars = allocateColumns(rows.length, false);
  rows.forEach(([time, open, high, low, close, volume], i) => {
    bars.time[i] = Number(time);
    bars.open[i] = Number(open);
    bars.high[i] = Number(high);
    bars.low[i] = Number(low);
    bars.close[i] = Number(close);
    bars.volume[i] = Number(volume);
  });
  const funding = csvRows(`${dir}/funding/BTCUSDT.csv`);
  const oi = csvRows(`${dir}/oi_4h/BTCUSDT.csv`);
  const context = memoryFeatureContext({
    funding: {
      time: Float64Array.from(funding, (r) => Number(r[0])),
      rate: Float64Array.from(funding, (r) => Number(r[2])),
    },
    openInterest: {
      time: Float64Array.from(oi, (r) => Number(r[0])),
      openInterest: Float64Array.from(oi, (r) => Number(r[2])),
      openInterestValue: Float64Array.from(oi, (r) => Number(r[3])),
    },
  });
  return probe('BTCUSDT perpetual 1h with funding and OI', bars, 'crypto-perp', 'BTCUSDT', HOUR, context);
}

/** Shift of the recorded headlines: three weeks back, same weekday and time of day (see below). */
export const NEWS_SHIFT_MS = 21 * 24 * HOUR;

/**
 * AAPL 1m bars (yfinance, 2025-02-03..2025-02-11, regular hours) with the real recorded Yahoo
 * AAPL headlines (2025-02-25 00:20..09:52 UTC), scored with the lab's lexicon, in a database the
 * context reads through sentimentAt. No stored AAPL minutes cover the headlines' dates, so the
 * headlines are re-dated exactly three weeks earlier (same weekday and time of day): their
 * scores and spacing stay real, and the news feature sees headlines during the bars.
 */
export function aaplNewsProbe(): FeatureProbe {
  const db = new Database(':memory:');
  migrate(db);
  const headlines = loadRecordedSearches()
    .filter((search) => search.q === 'AAPL')
    .flatMap((search) =>
      (
        JSON.parse(search.body).news as {
          uuid: string;
          title: string;
          publisher: string;
          link: string;
          providerPublishTime: number;
        }[]
      ).map((n) => {
        const score = scoreHeadline(n.title);
        return {
          id: n.uuid,
          title: n.title,
          publisher: n.publisher,
          link: n.link,
          publishedAt: n.providerPublishTime * 1000 - NEWS_SHIFT_MS,
          tickers: ['AAPL'],
          sentiment: score.score,
          positiveWords: score.positive,
          negativeWords: score.negative,
          lexiconVersion: FINANCE_LEXICON_VERSION,
        };
      }),
    );
  storeHeadlines(db, headlines, 0);
  return probe(
    'AAPL 1m with recorded headlines',
    loadStockMinutes('AAPL', 'yfinance', '1m'),
    'stock',
    'AAPL',
    MINUTE,
    dbFeatureContext(db, 0, 'AAPL'),
  );
}

/** The probes: crypto spot 1h, perpetual 1h (funding, OI), perpetual 1m, stock minutes with and without news. */
export function featureProbes(): FeatureProbe[] {
  const link = loadFuturesMinutes('LINKUSDT');
  return [
    probe(
      'BTCUSDT spot 1h 2022',
      loadBinanceSeries('BTCUSDT', '1h', { months: /2022-/ }),
      'crypto-spot',
      'BTCUSDT',
      HOUR,
    ),
    btcPerpetualProbe(),
    probe(
      'LINKUSDT perpetual 1m (first 2 weeks)',
      sliceColumns(link, 0, 14 * 1440),
      'crypto-perp',
      'LINKUSDT',
      MINUTE,
    ),
    probe('SPY minutes with extended hours (Lean)', loadStockMinutes('spy'), 'stock', 'SPY', MINUTE),
    aaplNewsProbe(),
  ];
}
