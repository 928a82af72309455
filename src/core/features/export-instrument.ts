import type { Database } from 'better-sqlite3';
import type { MarketKind } from '../../shared/contract/index.js';
import { JobFailure } from '../jobs/job-context.js';

/** The market names of the CLI and the job, and the stored market kind they mean. */
export const MARKET_OF = { spot: 'crypto-spot', um: 'crypto-perp', stock: 'stock' } as const satisfies Record<
  string,
  MarketKind
>;
const NAME_OF: Record<MarketKind, string> = { 'crypto-spot': 'spot', 'crypto-perp': 'um', stock: 'stock' };

export interface ExportInstrument {
  id: number;
  symbol: string;
  market: MarketKind;
}

interface StoredSeries {
  id: number;
  symbol: string;
  market: MarketKind;
  interval: string;
  days: number;
}

/**
 * The instrument with stored bars of `symbol` at `interval` (in `market` when given). Fails with a
 * sentence naming what is stored: the symbol's other markets and intervals, or the stored symbols.
 */
export function findExportInstrument(
  db: Database,
  symbol: string,
  interval: string,
  market?: keyof typeof MARKET_OF,
): ExportInstrument {
  const stored = db
    .prepare(
      `SELECT i.id, i.symbol, i.market, c.interval, COUNT(*) AS days FROM bar_chunks c
       JOIN instruments i ON i.id = c.instrument_id GROUP BY i.id, c.interval ORDER BY i.symbol, i.market, c.interval`,
    )
    .all() as StoredSeries[];
  const wanted = symbol.toUpperCase();
  const matching = stored.filter(
    (s) =>
      s.symbol.toUpperCase() === wanted &&
      s.interval === interval &&
      (!market || s.market === MARKET_OF[market]),
  );
  if (matching.length === 1)
    return { id: matching[0].id, symbol: matching[0].symbol, market: matching[0].market };
  if (matching.length > 1) {
    throw new JobFailure(
      `${symbol} ${interval} bars are stored in several markets (${matching.map((s) => NAME_OF[s.market]).join(', ')}): ` +
        'say which with --market',
    );
  }
  const wantedLabel = `${symbol} ${interval}${market ? ` (${market})` : ''}`;
  const sameSymbol = stored.filter((s) => s.symbol.toUpperCase() === wanted);
  if (sameSymbol.length > 0) {
    throw new JobFailure(
      `No stored bars of ${wantedLabel}. Stored for ${symbol}: ${sameSymbol.map(describe).join(', ')}`,
    );
  }
  if (stored.length === 0)
    throw new JobFailure(`No stored bars of ${wantedLabel}: the lab stores no bars yet`);
  const listed = stored.slice(0, 20).map((s) => `${s.symbol} ${describe(s)}`);
  const more = stored.length > listed.length ? ` and ${stored.length - listed.length} more` : '';
  throw new JobFailure(`No stored bars of ${wantedLabel}. Stored: ${listed.join(', ')}${more}`);
}

function describe(s: StoredSeries): string {
  return `${NAME_OF[s.market]} ${s.interval} (${s.days} day${s.days === 1 ? '' : 's'})`;
}
