import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UniverseSnapshot } from '../../src/shared/contract/index.js';
import { migrate } from '../../src/core/store/migrate.js';
import {
  listUniverseSnapshots,
  saveUniverseSnapshot,
  universeAt,
} from '../../src/core/store/universe-repo.js';

let db: Db;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
});
afterEach(() => db.close());

const rule = { fetchN: 200, selectN: 100, minQuoteVolume: 500_000 };
const JAN = Date.parse('2024-01-01T00:00:00Z');
const FEB = Date.parse('2024-02-01T00:00:00Z');

describe('universe snapshots', () => {
  beforeEach(() => {
    saveUniverseSnapshot(db, {
      takenAt: JAN,
      ...rule,
      candidates: 3,
      members: [
        { rank: 1, symbol: 'BTCUSDT', quoteVolume: 9e9, lastPrice: 42_000 },
        { rank: 2, symbol: 'FTTUSDT', quoteVolume: 1e8, lastPrice: null },
      ],
    });
    // FTTUSDT is gone a month later; the January snapshot keeps it.
    saveUniverseSnapshot(db, {
      takenAt: FEB,
      ...rule,
      candidates: 2,
      members: [{ rank: 1, symbol: 'BTCUSDT', quoteVolume: 8e9, lastPrice: 43_000 }],
    });
  });

  it('returns the snapshot as of a date: the latest taken at or before it', () => {
    expect(universeAt(db, JAN - 1)).toBeNull();
    expect(universeAt(db, JAN)).toEqual({
      id: 1,
      takenAt: '2024-01-01T00:00:00.000Z',
      ...rule,
      candidates: 3,
      members: [
        { rank: 1, symbol: 'BTCUSDT', quoteVolume: 9e9, lastPrice: 42_000 },
        { rank: 2, symbol: 'FTTUSDT', quoteVolume: 1e8, lastPrice: null },
      ],
    });
    expect(UniverseSnapshot.parse(universeAt(db, JAN))).toEqual(universeAt(db, JAN));
    expect(universeAt(db, FEB - 1)?.members.map((m) => m.symbol)).toEqual(['BTCUSDT', 'FTTUSDT']);
    expect(universeAt(db, FEB)?.id).toBe(2);
    expect(universeAt(db, Date.parse('2030-01-01T00:00:00Z'))?.members.map((m) => m.symbol)).toEqual([
      'BTCUSDT',
    ]);
  });

  it('prefers the later of two snapshots taken at the same time', () => {
    const id = saveUniverseSnapshot(db, { takenAt: FEB, ...rule, candidates: 0, members: [] });
    expect(universeAt(db, FEB)).toMatchObject({ id, members: [] });
  });

  it('lists snapshots newest first with their member counts', () => {
    expect(listUniverseSnapshots(db)).toEqual([
      { id: 2, takenAt: '2024-02-01T00:00:00.000Z', ...rule, candidates: 2, memberCount: 1 },
      { id: 1, takenAt: '2024-01-01T00:00:00.000Z', ...rule, candidates: 3, memberCount: 2 },
    ]);
  });

  it('stores a snapshot whole or not at all', () => {
    const duplicateRank = [
      { rank: 1, symbol: 'AUSDT', quoteVolume: 1, lastPrice: 1 },
      { rank: 1, symbol: 'BUSDT', quoteVolume: 1, lastPrice: 1 },
    ];
    expect(() =>
      saveUniverseSnapshot(db, { takenAt: FEB + 1, ...rule, candidates: 2, members: duplicateRank }),
    ).toThrow();
    expect(listUniverseSnapshots(db)).toHaveLength(2);
  });
});
