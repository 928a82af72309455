import type { Database } from 'better-sqlite3';
import { BarStore } from '../../../store/bar-store.js';
import { sliceColumns } from '../../../store/bar-columns.js';
import { upsertInstrument } from '../../../store/instruments.js';
import { cachedStatement } from '../../../store/statement-cache.js';
import { intervalMs } from '../../../time/intervals.js';
import { splitSymbol } from '../file-name.js';
import { BINANCE_VENUE } from '../import-kline-file.js';
import { MAX_KLINES_PER_REQUEST, type BinanceRest, type RestMarket } from './binance-client.js';

export interface FillKlinesRequest {
  symbol: string;
  market: RestMarket;
  interval: string;
  /** Earliest open time wanted, epoch ms; used when nothing newer is stored yet. */
  fromMs: number;
  /** End of the range, epoch ms, exclusive: bars opening at or after it are not fetched. */
  toMs: number;
  /** The clock: a candle whose close time is after it is still open and never stored. */
  now: number;
  /** Checked between pages; the fill returns what it stored so far once it says true. */
  isCancelled?: () => boolean;
  onPage?: (info: { bars: number; lastTime: number }) => void;
}

export const REST_SOURCE = 'binance-rest';

/**
 * Fills klines over REST after whatever is stored (the Data Vision archives, or an earlier fill):
 * pages forward from the last stored bar, keeps only closed candles, and stores each page in its
 * own transaction so a cancel or crash keeps every finished page. Run again right away, it asks
 * Binance at most once (for bars after the last stored one) and never re-downloads stored bars.
 */
export async function fillKlinesFromRest(
  db: Database,
  client: BinanceRest,
  request: FillKlinesRequest,
): Promise<{ bars: number; requests: number }> {
  const { symbol, market, interval, toMs, now } = request;
  const stepMs = intervalMs(interval);
  const instrumentId = upsertInstrument(
    db,
    {
      symbol,
      venue: BINANCE_VENUE,
      market: market === 'spot' ? 'crypto-spot' : 'crypto-perp',
      ...splitSymbol(symbol),
    },
    now,
  );
  const store = new BarStore(db);
  const limit = MAX_KLINES_PER_REQUEST[market];
  let lastTime = lastStoredBarTime(db, instrumentId, interval);
  if (lastTime !== null && lastTime < request.fromMs) lastTime = null;
  // Binance stamps close time = open + interval − 1 ms; a candle is closed once that is ≤ now.
  const latestClosedOpen = now - stepMs + 1;
  let bars = 0;
  let requests = 0;

  for (;;) {
    // Ask only when the next candle could open before toMs and be closed by now; start just after
    // the last bar (not at last + interval) because candles after an exchange outage are misaligned.
    const nextOpen = lastTime === null ? request.fromMs : lastTime + stepMs;
    if (nextOpen >= toMs || nextOpen > latestClosedOpen) break;
    if (request.isCancelled?.()) break;
    const startTime = lastTime === null ? request.fromMs : lastTime + 1;
    const page = await client.klines({ market, symbol, interval, startTime, endTime: toMs - 1, limit });
    requests++;
    const received = page.time.length;
    let keep = 0;
    while (keep < received && page.time[keep] < toMs && page.time[keep] <= latestClosedOpen) keep++;
    if (keep > 0) {
      const columns = sliceColumns(page, 0, keep);
      db.transaction(() =>
        store.writeBars({ instrumentId, interval, source: REST_SOURCE, rawFileId: null, columns }),
      )();
      bars += keep;
      lastTime = columns.time[keep - 1];
      request.onPage?.({ bars: keep, lastTime });
    }
    // A short page means Binance has nothing more up to endTime; a cut page reached the open candle or toMs.
    if (received < limit || keep < received) break;
  }
  return { bars, requests };
}

function lastStoredBarTime(db: Database, instrumentId: number, interval: string): number | null {
  const row = cachedStatement(
    db,
    'SELECT MAX(last_time) AS last FROM bar_chunks WHERE instrument_id = ? AND interval = ?',
  ).get(instrumentId, interval) as { last: number | null };
  return row.last;
}
