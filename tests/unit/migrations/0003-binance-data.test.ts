import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/core/store/migrate.js';
import { migrations } from '../../../src/core/store/migrations/index.js';
import { migration0003 } from '../../../src/core/store/migrations/0003-binance-data.js';

type Db = Database.Database;
const objects = (db: Db) =>
  db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY type, name`).all() as { type: string; name: string; sql: string | null }[];

describe('migration 0003 binance-data', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => db.close());

  it('is version 3, third in the list', () => {
    expect(migration0003.version).toBe(3);
    expect(migrations[2]).toBe(migration0003);
  });

  it('after version 2 adds exactly its tables and index, leaving earlier objects untouched', () => {
    migrate(db, migrations, 2);
    const before = objects(db);
    expect(migrate(db, migrations, 3)).toBe(3);
    const after = objects(db);
    const added = after.filter((o) => !before.some((b) => b.name === o.name)).map((o) => `${o.type}:${o.name}`);
    expect(added.sort()).toEqual(
      [
        'index:universe_snapshots_by_time',
        'table:funding_rates',
        'table:futures_metrics',
        'table:premium_index',
        'table:quality_reports',
        'table:remote_files',
        'table:settings',
        'table:universe_members',
        'table:universe_snapshots',
      ].sort(),
    );
    expect(after.filter((o) => before.some((b) => b.name === o.name))).toEqual(before);
  });

  it('keeps one funding row per instrument and time, and deletes members with their snapshot', () => {
    migrate(db, migrations, 3);
    db.prepare(`INSERT INTO instruments (symbol, venue, market, created_at) VALUES ('BTCUSDT', 'binance', 'crypto-perp', 0)`).run();
    const insert = db.prepare(`INSERT INTO funding_rates (instrument_id, time, rate, source) VALUES (1, 1000, ?, 'x')`);
    insert.run(0.0001);
    expect(() => insert.run(0.0002)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare(`INSERT INTO funding_rates (instrument_id, time, rate, source) VALUES (99, 1, 0, 'x')`).run()).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO universe_snapshots (id, taken_at, fetch_n, select_n, min_quote_volume, candidates) VALUES (1, 0, 200, 100, 5e5, 2)`).run();
    db.prepare(`INSERT INTO universe_members VALUES (1, 1, 'BTCUSDT', 1e9, 60000)`).run();
    db.prepare(`DELETE FROM universe_snapshots WHERE id = 1`).run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM universe_members').get()).toEqual({ n: 0 });
  });
});
