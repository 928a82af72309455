import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/core/store/migrate.js';
import { migrations } from '../../../src/core/store/migrations/index.js';
import { migration0001 } from '../../../src/core/store/migrations/0001-instruments-and-bars.js';

type Db = Database.Database;

const objects = (db: Db) =>
  db
    .prepare(
      `SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`,
    )
    .all() as { type: string; name: string; tbl_name: string }[];

const columns = (db: Db, table: string) =>
  (
    db.pragma(`table_xinfo(${table})`) as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
      dflt_value: unknown;
    }[]
  ).map((c) => ({ name: c.name, type: c.type, notnull: c.notnull, pk: c.pk }));

describe('migration 0001 instruments-and-bars', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => db.close());

  it('is version 1, first in the list', () => {
    expect(migration0001.version).toBe(1);
    expect(migration0001.name).toBe('instruments-and-bars');
    expect(migrations[0]).toBe(migration0001);
  });

  it('from an empty database (version 0) creates exactly instruments, raw_files and bar_chunks', () => {
    expect(objects(db)).toEqual([]);
    expect(migrate(db, migrations, 1)).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(objects(db)).toEqual([
      { type: 'table', name: 'bar_chunks', tbl_name: 'bar_chunks' },
      { type: 'table', name: 'instruments', tbl_name: 'instruments' },
      { type: 'table', name: 'raw_files', tbl_name: 'raw_files' },
    ]);
  });

  describe('after it', () => {
    beforeEach(() => {
      migrate(db, migrations, 1);
    });

    const insertInstrument = (market: string, symbol = 'BTCUSDT', venue = 'binance') =>
      db
        .prepare(
          'INSERT INTO instruments (symbol, venue, market, base, quote, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(symbol, venue, market, 'BTC', 'USDT', 1);
    const insertRawFile = (sha256: string, instrumentId: number | null = null) =>
      db
        .prepare(
          'INSERT INTO raw_files (path, size, sha256, origin, instrument_id, interval, bars, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run('/x.zip', 10, sha256, 'local', instrumentId, '1m', 0, 1);
    const blob = Buffer.alloc(8);
    const insertChunk = (instrumentId: number, day: number, rawFileId: number | null = null) =>
      db
        .prepare(
          `INSERT INTO bar_chunks (instrument_id, interval, day, bar_count, first_time, last_time, gap_count, source, raw_file_id,
             time, open, high, low, close, volume) VALUES (?, '1m', ?, 1, 0, 0, 0, 'test', ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(instrumentId, day, rawFileId, blob, blob, blob, blob, blob, blob);

    it('instruments has the expected columns', () => {
      expect(columns(db, 'instruments')).toEqual([
        { name: 'id', type: 'INTEGER', notnull: 0, pk: 1 },
        { name: 'symbol', type: 'TEXT', notnull: 1, pk: 0 },
        { name: 'venue', type: 'TEXT', notnull: 1, pk: 0 },
        { name: 'market', type: 'TEXT', notnull: 1, pk: 0 },
        { name: 'base', type: 'TEXT', notnull: 0, pk: 0 },
        { name: 'quote', type: 'TEXT', notnull: 0, pk: 0 },
        { name: 'created_at', type: 'INTEGER', notnull: 1, pk: 0 },
      ]);
    });

    it('raw_files has the expected columns and a foreign key to instruments', () => {
      expect(columns(db, 'raw_files')).toEqual([
        { name: 'id', type: 'INTEGER', notnull: 0, pk: 1 },
        { name: 'path', type: 'TEXT', notnull: 1, pk: 0 },
        { name: 'size', type: 'INTEGER', notnull: 1, pk: 0 },
        { name: 'sha256', type: 'TEXT', notnull: 1, pk: 0 },
        { name: 'origin', type: 'TEXT', notnull: 1, pk: 0 },
        { name: 'instrument_id', type: 'INTEGER', notnull: 0, pk: 0 },
        { name: 'interval', type: 'TEXT', notnull: 0, pk: 0 },
        { name: 'bars', type: 'INTEGER', notnull: 1, pk: 0 },
        { name: 'ingested_at', type: 'INTEGER', notnull: 1, pk: 0 },
      ]);
      expect(db.pragma('foreign_key_list(raw_files)')).toMatchObject([
        { table: 'instruments', from: 'instrument_id', to: 'id' },
      ]);
    });

    it('bar_chunks has the expected columns, a (instrument, interval, day) key, no rowid', () => {
      const blobCol = (name: string, notnull: number) => ({ name, type: 'BLOB', notnull, pk: 0 });
      expect(columns(db, 'bar_chunks')).toEqual([
        { name: 'instrument_id', type: 'INTEGER', notnull: 1, pk: 1 },
        { name: 'interval', type: 'TEXT', notnull: 1, pk: 2 },
        { name: 'day', type: 'INTEGER', notnull: 1, pk: 3 },
        { name: 'bar_count', type: 'INTEGER', notnull: 1, pk: 0 },
        { name: 'first_time', type: 'REAL', notnull: 1, pk: 0 },
        { name: 'last_time', type: 'REAL', notnull: 1, pk: 0 },
        { name: 'gap_count', type: 'INTEGER', notnull: 1, pk: 0 },
        { name: 'source', type: 'TEXT', notnull: 1, pk: 0 },
        { name: 'raw_file_id', type: 'INTEGER', notnull: 0, pk: 0 },
        blobCol('time', 1),
        blobCol('open', 1),
        blobCol('high', 1),
        blobCol('low', 1),
        blobCol('close', 1),
        blobCol('volume', 1),
        blobCol('quote_volume', 0),
        blobCol('trades', 0),
        blobCol('taker_buy_base', 0),
        blobCol('taker_buy_quote', 0),
      ]);
      const sql = (
        db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'bar_chunks'`).get() as { sql: string }
      ).sql;
      expect(sql).toMatch(/WITHOUT ROWID\s*$/);
      const fks = db.pragma('foreign_key_list(bar_chunks)') as { table: string; from: string; to: string }[];
      expect(fks.map((f) => [f.table, f.from, f.to]).sort()).toEqual([
        ['instruments', 'instrument_id', 'id'],
        ['raw_files', 'raw_file_id', 'id'],
      ]);
    });

    it('creates no explicit index; the UNIQUE constraints are backed by automatic indexes', () => {
      expect(
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all(),
      ).toEqual([]);
      const unique = (table: string) =>
        (db.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string }[])
          .filter((i) => i.unique)
          .map((i) => (db.pragma(`index_info(${i.name})`) as { name: string }[]).map((c) => c.name));
      expect(unique('instruments')).toEqual([['venue', 'market', 'symbol']]);
      expect(unique('raw_files')).toEqual([['sha256']]);
    });

    it('market CHECK accepts stock, crypto-spot and crypto-perp only', () => {
      for (const market of ['stock', 'crypto-spot', 'crypto-perp'])
        expect(() => insertInstrument(market, `S${market}`)).not.toThrow();
      for (const market of ['forex', 'spot', 'CRYPTO-SPOT', '']) {
        expect(() => insertInstrument(market, 'OTHER')).toThrow(/CHECK constraint failed/);
      }
      expect(db.prepare('SELECT COUNT(*) AS n FROM instruments').get()).toEqual({ n: 3 });
    });

    it('(venue, market, symbol) is unique, but the same symbol may exist in another market or venue', () => {
      insertInstrument('crypto-spot');
      expect(() => insertInstrument('crypto-spot')).toThrow(
        /UNIQUE constraint failed: instruments\.venue, instruments\.market, instruments\.symbol/,
      );
      expect(() => insertInstrument('crypto-perp')).not.toThrow();
      expect(() => insertInstrument('crypto-spot', 'BTCUSDT', 'bybit')).not.toThrow();
    });

    it('instruments requires symbol, venue, market and created_at', () => {
      expect(() =>
        db.prepare(`INSERT INTO instruments (venue, market, created_at) VALUES ('b', 'stock', 1)`).run(),
      ).toThrow(/NOT NULL/);
      expect(() =>
        db.prepare(`INSERT INTO instruments (symbol, market, created_at) VALUES ('s', 'stock', 1)`).run(),
      ).toThrow(/NOT NULL/);
      expect(() =>
        db.prepare(`INSERT INTO instruments (symbol, venue, created_at) VALUES ('s', 'b', 1)`).run(),
      ).toThrow(/NOT NULL/);
      expect(() =>
        db.prepare(`INSERT INTO instruments (symbol, venue, market) VALUES ('s', 'b', 'stock')`).run(),
      ).toThrow(/NOT NULL/);
    });

    it('raw_files.sha256 is UNIQUE', () => {
      insertRawFile('a'.repeat(64));
      expect(() => insertRawFile('a'.repeat(64))).toThrow(/UNIQUE constraint failed: raw_files\.sha256/);
      expect(() => insertRawFile('b'.repeat(64))).not.toThrow();
    });

    it('raw_files.instrument_id must name an instrument (or be null)', () => {
      expect(() => insertRawFile('c'.repeat(64), 999)).toThrow(/FOREIGN KEY constraint failed/);
      const id = Number(insertInstrument('crypto-spot').lastInsertRowid);
      expect(() => insertRawFile('d'.repeat(64), id)).not.toThrow();
    });

    it('bar_chunks: one row per (instrument, interval, day), instruments and raw files must exist', () => {
      const inst = Number(insertInstrument('crypto-spot').lastInsertRowid);
      insertChunk(inst, 18262);
      expect(() => insertChunk(inst, 18262)).toThrow(
        /UNIQUE constraint failed: bar_chunks\.instrument_id, bar_chunks\.interval, bar_chunks\.day/,
      );
      expect(() => insertChunk(inst, 18263)).not.toThrow();
      expect(() => insertChunk(inst + 1, 18262)).toThrow(/FOREIGN KEY constraint failed/);
      expect(() => insertChunk(inst, 18264, 42)).toThrow(/FOREIGN KEY constraint failed/);
      const raw = Number(insertRawFile('e'.repeat(64), inst).lastInsertRowid);
      expect(() => insertChunk(inst, 18264, raw)).not.toThrow();
    });

    it('bar_chunks requires the core columns, not the extra ones', () => {
      const inst = Number(insertInstrument('crypto-spot').lastInsertRowid);
      expect(() =>
        db
          .prepare(
            `INSERT INTO bar_chunks (instrument_id, interval, day, bar_count, first_time, last_time, gap_count, source,
               time, open, high, low, close) VALUES (?, '1m', 1, 1, 0, 0, 0, 's', ?, ?, ?, ?, ?)`,
          )
          .run(inst, blob, blob, blob, blob, blob),
      ).toThrow(/NOT NULL constraint failed: bar_chunks\.volume/);
      insertChunk(inst, 2);
      expect(
        db.prepare('SELECT quote_volume, trades, taker_buy_base, taker_buy_quote FROM bar_chunks').get(),
      ).toEqual({
        quote_volume: null,
        trades: null,
        taker_buy_base: null,
        taker_buy_quote: null,
      });
    });
  });
});
