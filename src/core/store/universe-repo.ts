import type { Database } from 'better-sqlite3';
import type { UniverseMember, UniverseSnapshot } from '../../shared/contract/index.js';
import { cachedStatement } from './statement-cache.js';

export interface NewUniverseSnapshot {
  /** When the tickers were read, epoch ms. */
  takenAt: number;
  fetchN: number;
  selectN: number;
  minQuoteVolume: number;
  candidates: number;
  members: UniverseMember[];
}

/** A snapshot without its members, for listings. */
export type UniverseSnapshotSummary = Omit<UniverseSnapshot, 'members'> & { memberCount: number };

interface SnapshotRow {
  id: number;
  taken_at: number;
  fetch_n: number;
  select_n: number;
  min_quote_volume: number;
  candidates: number;
}

/**
 * Stores a universe as it was at `takenAt`, with its members, in one transaction. Snapshots are
 * never edited: a symbol delisted later stays in the snapshots that had it, so a backtest sees
 * the universe of its own time, not today's survivors.
 */
export function saveUniverseSnapshot(db: Database, snapshot: NewUniverseSnapshot): number {
  return db.transaction(() => {
    const { lastInsertRowid } = cachedStatement(
      db,
      'INSERT INTO universe_snapshots (taken_at, fetch_n, select_n, min_quote_volume, candidates) VALUES (?, ?, ?, ?, ?)',
    ).run(snapshot.takenAt, snapshot.fetchN, snapshot.selectN, snapshot.minQuoteVolume, snapshot.candidates);
    const id = Number(lastInsertRowid);
    const insertMember = cachedStatement(
      db,
      'INSERT INTO universe_members (snapshot_id, rank, symbol, quote_volume, last_price) VALUES (?, ?, ?, ?, ?)',
    );
    for (const m of snapshot.members) insertMember.run(id, m.rank, m.symbol, m.quoteVolume, m.lastPrice);
    return id;
  })();
}

/** The universe as of `atMs`: the latest snapshot taken at or before it; null when none was taken by then. */
export function universeAt(db: Database, atMs: number): UniverseSnapshot | null {
  const row = cachedStatement(
    db,
    `SELECT id, taken_at, fetch_n, select_n, min_quote_volume, candidates FROM universe_snapshots
     WHERE taken_at <= ? ORDER BY taken_at DESC, id DESC LIMIT 1`,
  ).get(atMs) as SnapshotRow | undefined;
  if (!row) return null;
  const members = cachedStatement(
    db,
    `SELECT rank, symbol, quote_volume AS quoteVolume, last_price AS lastPrice FROM universe_members
     WHERE snapshot_id = ? ORDER BY rank`,
  ).all(row.id) as UniverseMember[];
  return { ...toSnapshotFields(row), members };
}

/** Every snapshot, newest first, without members. */
export function listUniverseSnapshots(db: Database): UniverseSnapshotSummary[] {
  const rows = cachedStatement(
    db,
    `SELECT s.id, s.taken_at, s.fetch_n, s.select_n, s.min_quote_volume, s.candidates,
       (SELECT COUNT(*) FROM universe_members m WHERE m.snapshot_id = s.id) AS member_count
     FROM universe_snapshots s ORDER BY s.taken_at DESC, s.id DESC`,
  ).all() as (SnapshotRow & { member_count: number })[];
  return rows.map((row) => ({ ...toSnapshotFields(row), memberCount: row.member_count }));
}

function toSnapshotFields(row: SnapshotRow): Omit<UniverseSnapshot, 'members'> {
  return {
    id: row.id,
    takenAt: new Date(row.taken_at).toISOString(),
    fetchN: row.fetch_n,
    selectN: row.select_n,
    minQuoteVolume: row.min_quote_volume,
    candidates: row.candidates,
  };
}
