import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/core/store/migrate.js';
import { migrations } from '../../../src/core/store/migrations/index.js';
import { migration0004 } from '../../../src/core/store/migrations/0004-stocks-news-alt-data.js';
import { schemaObjectNames } from '../../helpers/schema-objects.js';

type Db = Database.Database;

describe('migration 0004 stocks-news-alt-data', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => db.close());

  it('is version 4, fourth in the list', () => {
    expect(migration0004.version).toBe(4);
    expect(migrations[3]).toBe(migration0004);
  });

  it('after version 3 adds exactly its tables and index', () => {
    migrate(db, migrations, 3);
    const before = new Set(schemaObjectNames(db));
    expect(migrate(db, migrations, 4)).toBe(4);
    expect(
      schemaObjectNames(db)
        .filter((n) => !before.has(n))
        .sort(),
    ).toEqual([
      'index:coingecko_snapshots_by_kind_time',
      'table:coingecko_items',
      'table:coingecko_snapshots',
      'table:corporate_actions',
      'table:flat_files',
      'table:news_items',
      'table:news_tickers',
      'table:secrets',
    ]);
  });

  it('accepts only splits and dividends as corporate actions, one per ticker, kind and ex-date', () => {
    migrate(db);
    const insert = db.prepare(
      `INSERT INTO corporate_actions (ticker, kind, ex_date, ratio, amount, source, recorded_at) VALUES (?, ?, ?, ?, ?, 'yahoo', 0)`,
    );
    insert.run('NVDA', 'split', '2021-07-20', 4, null);
    expect(() => insert.run('NVDA', 'merger', '2021-07-21', null, null)).toThrow(/CHECK/);
    expect(() => insert.run('NVDA', 'split', '2021-07-20', 4, null)).toThrow(/UNIQUE|PRIMARY/);
  });

  it('ties news tickers to stored headlines', () => {
    migrate(db);
    expect(() =>
      db
        .prepare(`INSERT INTO news_tickers (ticker, news_id, published_at) VALUES ('AAPL', 'missing', 0)`)
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
