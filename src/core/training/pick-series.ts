import type { Database } from 'better-sqlite3';
import type { MarketKind, TrainableSeries, TrainingPreset } from '../../shared/contract/index.js';
import { JobFailure } from '../jobs/job-context.js';
import { utcDay } from '../time/intervals.js';

/**
 * Fewest bars a series needs inside the requested dates to be trained on: enough for the
 * features' warm-up, a training window, a validation window, the purge gaps and a hold-out test
 * window of a few hundred bars each.
 */
export const MIN_TRAINING_BARS = 1000;

/** The interval training prefers: hourly bars exist for stocks (Yahoo) and crypto alike. */
export const PREFERRED_INTERVAL = '1h';

/** How many series of each market a preset takes when the request names none. */
export const SERIES_PER_MARKET: Record<TrainingPreset, { crypto: number; stock: number }> = {
  quick: { crypto: 2, stock: 1 },
  full: { crypto: 10, stock: 10 },
};

/** A stored series training can read: the contract's view plus the instrument it belongs to. */
export interface StoredSeries extends TrainableSeries {
  instrumentId: number;
  venue: string;
}

export const NO_BARS_BLOCKER =
  'No bars stored yet: fetch data first (Data page, or tradelab fetch binance --symbols BTCUSDT,ETHUSDT --interval 1h and tradelab fetch yahoo --tickers AAPL --interval 1h).';

export interface SeriesRange {
  /** UTC date (YYYY-MM-DD), inclusive. */
  from?: string;
  /** UTC date (YYYY-MM-DD), inclusive. */
  to?: string;
}

/**
 * Every stored instrument × interval with its bar count inside the dates, from chunk metadata
 * only (the columns are not read). Counts are per UTC day chunk, so they are exact for the days
 * inside the range.
 */
export function storedSeries(db: Database, range: SeriesRange = {}): StoredSeries[] {
  const fromDay = range.from ? utcDay(Date.parse(`${range.from}T00:00:00Z`)) : -1e9;
  const toDay = range.to ? utcDay(Date.parse(`${range.to}T00:00:00Z`)) : 1e9;
  const rows = db
    .prepare(
      `SELECT i.id AS instrumentId, i.symbol, i.venue, i.market, c.interval,
              SUM(c.bar_count) AS bars, MIN(c.first_time) AS first, MAX(c.last_time) AS last
       FROM bar_chunks c JOIN instruments i ON i.id = c.instrument_id
       WHERE c.day >= ? AND c.day <= ?
       GROUP BY i.id, c.interval
       ORDER BY i.symbol, i.market, c.interval`,
    )
    .all(fromDay, toDay) as {
    instrumentId: number;
    symbol: string;
    venue: string;
    market: MarketKind;
    interval: string;
    bars: number;
    first: number;
    last: number;
  }[];
  return rows.map((r) => ({
    instrumentId: r.instrumentId,
    symbol: r.symbol,
    venue: r.venue,
    market: r.market,
    interval: r.interval,
    bars: r.bars,
    from: r.first,
    to: r.last,
  }));
}

const isCrypto = (market: MarketKind) => market !== 'stock';

/**
 * Orders candidates for one symbol: the preferred interval, spot before perpetuals (one market of
 * a coin is enough), then the most bars.
 */
function better(a: StoredSeries, b: StoredSeries): number {
  const pref = (s: StoredSeries) => (s.interval === PREFERRED_INTERVAL ? 0 : 1);
  const market = (s: StoredSeries) => (s.market === 'crypto-perp' ? 1 : 0);
  return pref(a) - pref(b) || market(a) - market(b) || b.bars - a.bars;
}

export interface PickedSeries {
  series: StoredSeries[];
  /** Why nothing can be trained on, when `series` is empty. */
  blocker: string | null;
}

/**
 * The series a preset trains on when the request names none: usable series (enough bars) of one
 * interval — hourly when any is usable, else the interval most usable series share — taking the
 * longest crypto and stock series up to the preset's counts.
 */
export function defaultSeries(db: Database, preset: TrainingPreset, range: SeriesRange = {}): PickedSeries {
  const all = storedSeries(db, range);
  if (all.length === 0) {
    const anyAtAll = range.from || range.to ? storedSeries(db).length > 0 : false;
    return {
      series: [],
      blocker: anyAtAll
        ? `No bars stored between ${range.from ?? 'the start'} and ${range.to ?? 'today'}: pick other dates or fetch that range first.`
        : NO_BARS_BLOCKER,
    };
  }
  const usable = all.filter((s) => s.bars >= MIN_TRAINING_BARS);
  if (usable.length === 0) {
    const longest = [...all].sort((a, b) => b.bars - a.bars)[0];
    return {
      series: [],
      blocker:
        `No stored series has the ${MIN_TRAINING_BARS.toLocaleString('en-US')} bars training needs ` +
        `(longest: ${describe(longest)}): fetch a longer range first (Data page, or tradelab fetch binance --symbols BTCUSDT --interval 1h --from <date>).`,
    };
  }
  const interval = chooseInterval(usable);
  const counts = SERIES_PER_MARKET[preset];
  const bySymbol = new Map<string, StoredSeries>();
  for (const s of usable.filter((u) => u.interval === interval)) {
    const held = bySymbol.get(s.symbol);
    if (!held || better(s, held) < 0) bySymbol.set(s.symbol, s);
  }
  const longestFirst = [...bySymbol.values()].sort(
    (a, b) => b.bars - a.bars || a.symbol.localeCompare(b.symbol),
  );
  const crypto = longestFirst.filter((s) => isCrypto(s.market)).slice(0, counts.crypto);
  const stock = longestFirst.filter((s) => !isCrypto(s.market)).slice(0, counts.stock);
  return { series: [...crypto, ...stock], blocker: null };
}

function chooseInterval(usable: StoredSeries[]): string {
  if (usable.some((s) => s.interval === PREFERRED_INTERVAL)) return PREFERRED_INTERVAL;
  const perInterval = new Map<string, { symbols: Set<string>; bars: number }>();
  for (const s of usable) {
    const entry = perInterval.get(s.interval) ?? { symbols: new Set<string>(), bars: 0 };
    entry.symbols.add(s.symbol);
    entry.bars += s.bars;
    perInterval.set(s.interval, entry);
  }
  return [...perInterval.entries()].sort(
    (a, b) => b[1].symbols.size - a[1].symbols.size || b[1].bars - a[1].bars,
  )[0][0];
}

/**
 * The series of a request that names its symbols: for each, its hourly series when usable, else
 * its usable series with the most bars. Throws a JobFailure naming unknown symbols (with what is
 * stored) or symbols with too few bars.
 */
export function requestedSeries(db: Database, symbols: string[], range: SeriesRange = {}): StoredSeries[] {
  const all = storedSeries(db, range);
  const wanted = [...new Set(symbols.map((s) => s.trim().toUpperCase()))];
  const unknown = wanted.filter((sym) => !all.some((s) => s.symbol.toUpperCase() === sym));
  if (unknown.length > 0) {
    const stored = storedSeries(db);
    const within =
      range.from || range.to ? ` between ${range.from ?? 'the start'} and ${range.to ?? 'today'}` : '';
    throw new JobFailure(
      `No bars stored for ${unknown.join(', ')}${within}. ` +
        (stored.length === 0 ? NO_BARS_BLOCKER : `Stored: ${listStored(stored)}.`),
    );
  }
  const picked: StoredSeries[] = [];
  const tooShort: StoredSeries[] = [];
  for (const sym of wanted) {
    const candidates = all.filter((s) => s.symbol.toUpperCase() === sym).sort(better);
    const usable = candidates.filter((s) => s.bars >= MIN_TRAINING_BARS);
    if (usable.length === 0) tooShort.push(candidates.sort((a, b) => b.bars - a.bars)[0]);
    else picked.push(usable.sort(better)[0]);
  }
  if (tooShort.length > 0) {
    throw new JobFailure(
      `Too few bars to train on ${tooShort.map(describe).join(', ')}: each series needs at least ` +
        `${MIN_TRAINING_BARS.toLocaleString('en-US')} bars in the chosen dates; fetch a longer range or leave the symbol out.`,
    );
  }
  return picked;
}

/** Public view of a stored series (the contract's TrainableSeries). */
export function toTrainable(s: StoredSeries): TrainableSeries {
  return { symbol: s.symbol, market: s.market, interval: s.interval, bars: s.bars, from: s.from, to: s.to };
}

function describe(s: StoredSeries): string {
  return `${s.symbol} ${s.interval}, ${s.bars.toLocaleString('en-US')} bars`;
}

function listStored(stored: StoredSeries[]): string {
  const shown = stored.slice(0, 30).map((s) => `${s.symbol} (${s.market} ${s.interval}, ${s.bars} bars)`);
  return (
    shown.join(', ') + (stored.length > shown.length ? `, and ${stored.length - shown.length} more` : '')
  );
}
