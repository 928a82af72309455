import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/core/store/migrate.js';
import type { Migration } from '../../../src/core/store/migrations/migration.js';
import { migrations } from '../../../src/core/store/migrations/index.js';
import { DATABASE_FILE, openDatabase } from '../../../src/core/store/open-database.js';

type Db = Database.Database;
const NEWEST = migrations.at(-1)!.version;
const version = (db: Db) => db.pragma('user_version', { simple: true }) as number;
const tables = (db: Db) =>
  (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('migrate', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('versions are 1, 2, … in order with distinct names', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
  });

  it('brings an empty database to the newest version', () => {
    expect(version(db)).toBe(0);
    expect(migrate(db)).toBe(NEWEST);
    expect(NEWEST).toBe(6);
    expect(version(db)).toBe(NEWEST);
    expect(tables(db)).toEqual([
      'bar_chunks',
      'coingecko_items',
      'coingecko_snapshots',
      'corporate_actions',
      'feature_chunks',
      'flat_files',
      'funding_rates',
      'futures_metrics',
      'instruments',
      'job_issues',
      'jobs',
      'models',
      'news_items',
      'news_tickers',
      'normalization_stats',
      'premium_index',
      'quality_reports',
      'raw_files',
      'remote_files',
      'secrets',
      'settings',
      'training_metrics',
      'training_runs',
      'universe_members',
      'universe_snapshots',
    ]);
  });

  it('is idempotent: a second and third run change nothing', () => {
    migrate(db);
    const schema = db.prepare('SELECT * FROM sqlite_master ORDER BY name').all();
    db.prepare(`INSERT INTO jobs (kind, params, status, created_at) VALUES ('k', '{}', 'queued', 1)`).run();
    expect(migrate(db)).toBe(NEWEST);
    expect(migrate(db)).toBe(NEWEST);
    expect(db.prepare('SELECT * FROM sqlite_master ORDER BY name').all()).toEqual(schema);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 1 });
  });

  it('runs only the steps above the current version', () => {
    const ran: number[] = [];
    const steps: Migration[] = [1, 2, 3].map((v) => ({
      version: v,
      name: `m${v}`,
      up: () => void ran.push(v),
    }));
    expect(migrate(db, steps, 1)).toBe(1);
    expect(ran).toEqual([1]);
    expect(migrate(db, steps)).toBe(3);
    expect(ran).toEqual([1, 2, 3]);
    expect(migrate(db, steps)).toBe(3);
    expect(ran).toEqual([1, 2, 3]);
  });

  it('upTo stops at that version and a later call continues from there', () => {
    expect(migrate(db, migrations, 1)).toBe(1);
    expect(version(db)).toBe(1);
    expect(tables(db)).not.toContain('jobs');
    expect(migrate(db, migrations)).toBe(NEWEST);
    expect(tables(db)).toContain('jobs');
  });

  it('refuses a database written by a newer Tradelab, with a clear message, and leaves it alone', () => {
    db.pragma(`user_version = ${NEWEST + 1}`);
    expect(() => migrate(db)).toThrow(
      `The database is at schema version ${NEWEST + 1} but this Tradelab knows only up to ${NEWEST}: ` +
        'it was written by a newer version. Update Tradelab or choose another data dir.',
    );
    expect(version(db)).toBe(NEWEST + 1);
    expect(tables(db)).toEqual([]);
  });

  it('a failing step rolls back entirely: no half schema, version unchanged', () => {
    const steps: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x)') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE b (x)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, steps)).toThrow('boom');
    expect(version(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
  });
});

describe('openDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tradelab-migrate-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the data dir and a migrated WAL database with foreign keys on', () => {
    const dataDir = path.join(dir, 'nested', 'home');
    const db = openDatabase(dataDir);
    try {
      expect(fs.existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);
      expect(version(db)).toBe(NEWEST);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(10000);
    } finally {
      db.close();
    }
    // Reopening migrates nothing more and keeps the data.
    const again = openDatabase(dataDir);
    try {
      expect(version(again)).toBe(NEWEST);
    } finally {
      again.close();
    }
  });

  it('refuses a database from a newer version on open', () => {
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw.pragma(`user_version = ${NEWEST + 5}`);
    raw.close();
    expect(() => openDatabase(dir)).toThrow(
      new RegExp(`schema version ${NEWEST + 5} but this Tradelab knows only up to ${NEWEST}`),
    );
  });

  it('explains a data dir that cannot be created', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, 'x');
    expect(() => openDatabase(path.join(file, 'sub'))).toThrow(
      /Cannot create the data dir ".*a-file\/sub".*--data-dir or TRADELAB_HOME/,
    );
  });
});
