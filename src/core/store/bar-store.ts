import type { Database, Statement } from 'better-sqlite3';
import { DAY_MS, intervalMs, utcDay } from '../time/intervals.js';
import {
  allocateColumns,
  barCount,
  CORE_COLUMNS,
  EXTRA_COLUMNS,
  sliceColumns,
  type BarColumns,
} from './bar-columns.js';
import { packColumn, unpackColumn } from './column-codec.js';
import { cachedStatement } from './statement-cache.js';
import { mergeBarRuns } from './merge-bars.js';

export interface WriteBarsInput {
  instrumentId: number;
  interval: string;
  /** Where the bars came from, e.g. "binance-vision". */
  source: string;
  rawFileId: number | null;
  columns: BarColumns;
  /**
   * Which bar stays where the store already has one at the same time: 'replace' (default: the
   * new bar wins, for re-downloads of the same source) or 'keep-existing' (for a backup source
   * such as Yahoo, which only fills times the store lacks and never replaces a better bar).
   */
  onConflict?: 'replace' | 'keep-existing';
}

export interface ReadBarsInput {
  instrumentId: number;
  interval: string;
  /** Inclusive start, epoch ms. */
  from?: number;
  /** Exclusive end, epoch ms. */
  to?: number;
}

const COLUMN_SQL = {
  time: 'time',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  volume: 'volume',
  quoteVolume: 'quote_volume',
  trades: 'trades',
  takerBuyBase: 'taker_buy_base',
  takerBuyQuote: 'taker_buy_quote',
} as const;

type ChunkRow = Record<(typeof COLUMN_SQL)[keyof typeof COLUMN_SQL], Buffer | null>;
type StoredChunkRow = ChunkRow & { source: string; raw_file_id: number | null };

/** Label of a day that a keep-existing write filled: the winning source first (see BarStore). */
function mergedSourceLabel(existing: string, incoming: string): string {
  return existing.split('+').includes(incoming) ? existing : `${existing}+${incoming}`;
}

/**
 * The columnar bar store: bars go in as typed-array columns and are kept as one row per
 * (instrument, interval, UTC day). Writing a day that already has bars merges them (new values win
 * at equal times unless the write keeps existing bars), so overlapping files never duplicate a bar.
 *
 * A chunk has one `source`. A 'replace' write labels the chunk with its own source (as before).
 * A 'keep-existing' write that adds bars to a chunk of another source labels it
 * "<existing>+<incoming>" (e.g. "polygon-flat+yahoo"): both sources are in the day, and at equal
 * times the first-named one won. A 'keep-existing' write that adds nothing leaves the chunk as it was.
 */
export class BarStore {
  private readonly selectChunk: Statement;
  private readonly upsertChunk: Statement;
  private readonly selectRange: Statement;

  constructor(private readonly db: Database) {
    this.selectChunk = cachedStatement(
      db,

      `SELECT source, raw_file_id, ${Object.values(COLUMN_SQL).join(', ')} FROM bar_chunks
       WHERE instrument_id = ? AND interval = ? AND day = ?`,
    );
    this.upsertChunk = cachedStatement(
      db,
      `
      INSERT OR REPLACE INTO bar_chunks (instrument_id, interval, day, bar_count, first_time, last_time, gap_count,
        source, raw_file_id, ${Object.values(COLUMN_SQL).join(', ')})
      VALUES (@instrumentId, @interval, @day, @barCount, @firstTime, @lastTime, @gapCount, @source, @rawFileId,
        @time, @open, @high, @low, @close, @volume, @quoteVolume, @trades, @takerBuyBase, @takerBuyQuote)`,
    );
    this.selectRange = cachedStatement(
      db,

      `SELECT bar_count, ${Object.values(COLUMN_SQL).join(', ')} FROM bar_chunks
       WHERE instrument_id = ? AND interval = ? AND day BETWEEN ? AND ? ORDER BY day`,
    );
  }

  /**
   * Stores bars (strictly increasing times) and returns how many of them are now in the store:
   * all of them with 'replace', those at times the store lacked with 'keep-existing'. Not
   * transactional by itself: callers wrap a whole source file in one transaction so a crash never
   * leaves part of a file stored.
   */
  writeBars(input: WriteBarsInput): number {
    const { columns } = input;
    const n = barCount(columns);
    const stepMs = intervalMs(input.interval);
    let start = 0;
    let stored = 0;
    while (start < n) {
      const day = utcDay(columns.time[start]);
      const dayEnd = (day + 1) * DAY_MS;
      let end = start + 1;
      while (end < n && columns.time[end] < dayEnd) end++;
      stored += this.writeDay(input, day, sliceColumns(columns, start, end), stepMs);
      start = end;
    }
    return stored;
  }

  /** Writes one day's bars; returns how many of them the day now holds. */
  private writeDay(input: WriteBarsInput, day: number, incoming: BarColumns, stepMs: number): number {
    const existing = this.selectChunk.get(input.instrumentId, input.interval, day) as
      StoredChunkRow | undefined;
    const keepExisting = input.onConflict === 'keep-existing';
    let columns = incoming;
    let source = input.source;
    let rawFileId = input.rawFileId;
    let stored = barCount(incoming);
    if (existing) {
      const merged = mergeBarRuns(decodeChunk(existing), incoming, keepExisting ? 'existing' : 'incoming');
      columns = merged.columns;
      if (keepExisting) {
        stored -= merged.sharedTimes;
        if (stored === 0) return 0;
        source = mergedSourceLabel(existing.source, input.source);
        rawFileId = existing.raw_file_id;
      }
    }
    const n = barCount(columns);
    const params: Record<string, unknown> = {
      instrumentId: input.instrumentId,
      interval: input.interval,
      day,
      barCount: n,
      firstTime: columns.time[0],
      lastTime: columns.time[n - 1],
      gapCount: countGaps(columns.time, stepMs),
      source,
      rawFileId,
    };
    for (const name of [...CORE_COLUMNS, ...EXTRA_COLUMNS]) {
      const col = columns[name];
      params[name] = col ? packColumn(col) : null;
    }
    this.upsertChunk.run(params);
    return stored;
  }

  /** Reads a time range back as contiguous typed arrays (the extra columns only if every chunk has them). */
  readBars(input: ReadBarsInput): BarColumns {
    const from = input.from ?? -8.64e15;
    const to = input.to ?? 8.64e15;
    const rows = this.selectRange.all(
      input.instrumentId,
      input.interval,
      utcDay(from),
      utcDay(to - 1),
    ) as (ChunkRow & { bar_count: number })[];
    const chunks = rows.map(decodeChunk);
    const total = chunks.reduce((sum, c) => sum + barCount(c), 0);
    const withExtras = chunks.length > 0 && chunks.every((c) => EXTRA_COLUMNS.every((name) => c[name]));
    const out = allocateColumns(total, withExtras);
    let offset = 0;
    for (const chunk of chunks) {
      for (const name of [...CORE_COLUMNS, ...(withExtras ? EXTRA_COLUMNS : [])]) {
        out[name]!.set(chunk[name]!, offset);
      }
      offset += barCount(chunk);
    }
    return trimToRange(out, from, to);
  }
}

function decodeChunk(row: ChunkRow): BarColumns {
  const out = {} as BarColumns;
  for (const [name, sqlName] of Object.entries(COLUMN_SQL) as [keyof BarColumns, keyof ChunkRow][]) {
    const blob = row[sqlName];
    if (blob) out[name] = unpackColumn(blob);
  }
  return out;
}

/** Places where consecutive bars are more than one interval apart. */
export function countGaps(time: Float64Array, stepMs: number): number {
  let gaps = 0;
  for (let i = 1; i < time.length; i++) if (time[i] - time[i - 1] > stepMs) gaps++;
  return gaps;
}

function trimToRange(columns: BarColumns, from: number, to: number): BarColumns {
  const t = columns.time;
  let start = 0;
  while (start < t.length && t[start] < from) start++;
  let end = t.length;
  while (end > start && t[end - 1] >= to) end--;
  return start === 0 && end === t.length ? columns : sliceColumns(columns, start, end);
}
