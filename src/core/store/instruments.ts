import type { Database } from 'better-sqlite3';
import { cachedStatement } from './statement-cache.js';
import type { MarketKind } from '../../shared/contract/index.js';

export interface InstrumentKey {
  symbol: string;
  venue: string;
  market: MarketKind;
}

export interface Instrument extends InstrumentKey {
  id: number;
  base: string | null;
  quote: string | null;
}

/** Finds or creates an instrument; base and quote are filled in when first known. */
export function upsertInstrument(
  db: Database,
  key: InstrumentKey & { base?: string | null; quote?: string | null },
  now: number,
): number {
  cachedStatement(
    db,
    `INSERT INTO instruments (symbol, venue, market, base, quote, created_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (venue, market, symbol) DO UPDATE SET base = COALESCE(base, excluded.base), quote = COALESCE(quote, excluded.quote)`,
  ).run(key.symbol, key.venue, key.market, key.base ?? null, key.quote ?? null, now);
  const row = cachedStatement(
    db,
    'SELECT id FROM instruments WHERE venue = ? AND market = ? AND symbol = ?',
  ).get(key.venue, key.market, key.symbol) as { id: number };
  return row.id;
}

export function findInstrument(db: Database, key: InstrumentKey): Instrument | undefined {
  return cachedStatement(
    db,
    'SELECT id, symbol, venue, market, base, quote FROM instruments WHERE venue = ? AND market = ? AND symbol = ?',
  ).get(key.venue, key.market, key.symbol) as Instrument | undefined;
}
