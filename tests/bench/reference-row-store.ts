/**
 * The reference the product is compared with: the ordinary way to put klines into SQLite. One row
 * per bar in a plain table, a prepared INSERT per bar inside one transaction per file, the CSV read
 * with readFileSync + toString + split('\n') + split(',') + Number. Same pragmas as the product
 * database (WAL, synchronous NORMAL). No checksum, no validation: it is a floor for the work, not a
 * second product.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';

export const REFERENCE_DB_FILE = 'reference.sqlite';

/** One parsed kline as the 12 numbers of the CSV row (open time already in milliseconds). */
export type NaiveRow = number[];

/** The ten stored columns, in the order of the row table and of `readReferenceSeries`. */
export interface RowSeries {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  quoteVolume: Float64Array;
  trades: Float64Array;
  takerBuyBase: Float64Array;
  takerBuyQuote: Float64Array;
}

export function openReferenceDatabase(dir: string): Database.Database {
  fs.mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, REFERENCE_DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS instruments(id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, market TEXT NOT NULL, UNIQUE(symbol, market));
    CREATE TABLE IF NOT EXISTS bars(instrument_id, interval, time, open, high, low, close, volume, quote_volume, trades,
      taker_buy_base, taker_buy_quote, PRIMARY KEY(instrument_id, interval, time));
  `);
  return db;
}

/**
 * The ordinary CSV parser: text, lines, fields, Number. Skips a header row and blank lines,
 * normalises microsecond open times (spot archives since 2025) to milliseconds.
 */
export function naiveParseKlineCsv(bytes: Buffer): NaiveRow[] {
  const lines = bytes.toString().split('\n');
  const rows: NaiveRow[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const fields = line.split(',');
    const row = fields.map(Number);
    if (Number.isNaN(row[0])) continue; // header
    if (row[0] > 1e14) row[0] = row[0] / 1000;
    rows.push(row);
  }
  return rows;
}

/** The CSV bytes of a kline file: the file itself, or the one .csv inside a zip. */
export function csvBytesOf(filePath: string, fileBytes: Buffer): Buffer {
  if (!filePath.endsWith('.zip')) return fileBytes;
  const entry = readZipEntries(fileBytes).find((e) => e.name.toLowerCase().endsWith('.csv'));
  if (!entry) throw new Error(`${filePath}: no .csv inside the zip`);
  return entry.data;
}

/** Prepared statements of one reference database. */
export class ReferenceRowStore {
  private readonly insertInstrument: Database.Statement;
  private readonly selectInstrument: Database.Statement;
  private readonly insertBar: Database.Statement;
  private readonly selectSeries: Database.Statement;

  constructor(readonly db: Database.Database) {
    this.insertInstrument = db.prepare('INSERT OR IGNORE INTO instruments(symbol, market) VALUES (?, ?)');
    this.selectInstrument = db.prepare('SELECT id FROM instruments WHERE symbol = ? AND market = ?');
    this.insertBar = db.prepare('INSERT OR REPLACE INTO bars VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.selectSeries = db
      .prepare(
        `SELECT time, open, high, low, close, volume, quote_volume, trades, taker_buy_base, taker_buy_quote
         FROM bars WHERE instrument_id = ? AND interval = ? ORDER BY time`,
      )
      .raw(true);
  }

  instrumentId(symbol: string, market: string): number {
    this.insertInstrument.run(symbol, market);
    return (this.selectInstrument.get(symbol, market) as { id: number }).id;
  }

  /** Inserts parsed rows, one prepared INSERT per bar. Not transactional by itself. */
  insertRows(instrumentId: number, interval: string, rows: NaiveRow[]): void {
    const insert = this.insertBar;
    for (const r of rows) {
      insert.run(instrumentId, interval, r[0], r[1], r[2], r[3], r[4], r[5], r[7], r[8], r[9], r[10]);
    }
  }

  /** Imports one kline file from disk: read, (unzip), naive parse, one transaction of row inserts. */
  importFile(filePath: string, market: string): number {
    const { symbol, interval } = symbolAndInterval(filePath);
    const rows = naiveParseKlineCsv(csvBytesOf(filePath, fs.readFileSync(filePath)));
    this.db.transaction(() => {
      this.insertRows(this.instrumentId(symbol, market), interval, rows);
    })();
    return rows.length;
  }

  /** A whole series, `ORDER BY time`, into Float64Arrays. */
  readSeries(instrumentId: number, interval: string): RowSeries {
    const rows = this.selectSeries.all(instrumentId, interval) as number[][];
    const n = rows.length;
    const out: RowSeries = {
      time: new Float64Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
      quoteVolume: new Float64Array(n),
      trades: new Float64Array(n),
      takerBuyBase: new Float64Array(n),
      takerBuyQuote: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      out.time[i] = r[0];
      out.open[i] = r[1];
      out.high[i] = r[2];
      out.low[i] = r[3];
      out.close[i] = r[4];
      out.volume[i] = r[5];
      out.quoteVolume[i] = r[6];
      out.trades[i] = r[7];
      out.takerBuyBase[i] = r[8];
      out.takerBuyQuote[i] = r[9];
    }
    return out;
  }

  countBars(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM bars').get() as { n: number }).n;
  }
}

/** `BTCUSDT-1h-2021-04.csv` → BTCUSDT, 1h. */
export function symbolAndInterval(filePath: string): { symbol: string; interval: string } {
  const [symbol, interval] = path.basename(filePath).split('-');
  return { symbol, interval };
}
