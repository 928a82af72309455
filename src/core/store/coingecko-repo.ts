import type { Database } from 'better-sqlite3';
import {
  CoinGeckoSnapshotKind,
  type CoinGeckoItem,
  type CoinGeckoSnapshot,
} from '../../shared/contract/index.js';
import { cachedStatement } from './statement-cache.js';

export interface NewCoinGeckoSnapshot {
  kind: CoinGeckoSnapshotKind;
  /** When the lab took it (the answer arrived), epoch ms: features may use it from then on. */
  takenAt: number;
  /** CoinGecko's own time where it gives one (markets: newest last_updated), epoch ms. */
  sourceTime: number | null;
  /** Ranks unique within the snapshot. */
  items: CoinGeckoItem[];
}

interface SnapshotRow {
  id: number;
  kind: CoinGeckoSnapshotKind;
  taken_at: number;
  source_time: number | null;
}

/**
 * Stores one snapshot with all its items in one transaction, so a reader never sees a snapshot
 * without its items. Snapshots are never edited: CoinGecko keeps no history of ranks or trending
 * lists, so these rows are the only record of what was known when.
 */
export function writeCoinGeckoSnapshot(db: Database, snapshot: NewCoinGeckoSnapshot): number {
  return db.transaction(() => {
    const { lastInsertRowid } = cachedStatement(
      db,
      'INSERT INTO coingecko_snapshots (kind, taken_at, source_time) VALUES (?, ?, ?)',
    ).run(snapshot.kind, snapshot.takenAt, snapshot.sourceTime);
    const id = Number(lastInsertRowid);
    const insertItem = cachedStatement(
      db,
      `INSERT INTO coingecko_items (snapshot_id, rank, coin_id, symbol, name, market_cap_rank, price_usd,
         market_cap_usd, volume_24h_usd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const item of snapshot.items)
      insertItem.run(
        id,
        item.rank,
        item.id,
        item.symbol,
        item.name,
        item.marketCapRank,
        item.priceUsd,
        item.marketCapUsd,
        item.volume24hUsd,
      );
    return id;
  })();
}

/**
 * What was known at `at` (epoch ms): the latest snapshot of each kind (or of `kind`) taken at or
 * before it, with its items by rank. A kind with no snapshot by then is left out.
 */
export function readCoinGeckoSnapshots(
  db: Database,
  query: { kind?: CoinGeckoSnapshotKind; at: number },
): CoinGeckoSnapshot[] {
  const kinds = query.kind ? [query.kind] : CoinGeckoSnapshotKind.options;
  const snapshots: CoinGeckoSnapshot[] = [];
  for (const kind of kinds) {
    const row = cachedStatement(
      db,
      `SELECT id, kind, taken_at, source_time FROM coingecko_snapshots
       WHERE kind = ? AND taken_at <= ? ORDER BY taken_at DESC, id DESC LIMIT 1`,
    ).get(kind, query.at) as SnapshotRow | undefined;
    if (row) snapshots.push({ ...toSnapshotFields(row), items: readItems(db, row.id) });
  }
  return snapshots;
}

function readItems(db: Database, snapshotId: number): CoinGeckoItem[] {
  return cachedStatement(
    db,
    `SELECT rank, coin_id AS id, symbol, name, market_cap_rank AS marketCapRank, price_usd AS priceUsd,
       market_cap_usd AS marketCapUsd, volume_24h_usd AS volume24hUsd
     FROM coingecko_items WHERE snapshot_id = ? ORDER BY rank`,
  ).all(snapshotId) as CoinGeckoItem[];
}

function toSnapshotFields(row: SnapshotRow): Omit<CoinGeckoSnapshot, 'items'> {
  return {
    id: row.id,
    kind: row.kind,
    takenAt: new Date(row.taken_at).toISOString(),
    sourceTime: row.source_time === null ? null : new Date(row.source_time).toISOString(),
  };
}
