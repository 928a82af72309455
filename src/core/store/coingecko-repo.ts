import type { Database } from 'better-sqlite3';
import type { CoinGeckoSnapshot, CoinGeckoSnapshotKind } from '../../shared/contract/index.js';

// Scaffold: replaced by the real repository in this work.
export function readCoinGeckoSnapshots(
  _db: Database,
  _query: { kind?: CoinGeckoSnapshotKind; at: number },
): CoinGeckoSnapshot[] {
  return [];
}
