import type { Database } from 'better-sqlite3';
import type { CorporateAction } from '../../shared/contract/index.js';
import { cachedStatement } from './statement-cache.js';

interface ActionRow {
  ticker: string;
  kind: 'split' | 'dividend';
  ex_date: string;
  ratio: number | null;
  amount: number | null;
  source: string;
}

export interface WriteActionsResult {
  /** Events not stored before. */
  added: number;
  /** Events stored before with another ratio, amount or source (the newer report wins). */
  changed: number;
}

/**
 * Stores splits and dividends (one per ticker, kind and ex-date). Raw bars never change because
 * of them; the adjusted series is derived when read (adjusted-bars.ts).
 */
export function writeCorporateActions(
  db: Database,
  actions: CorporateAction[],
  recordedAt: number,
): WriteActionsResult {
  const select = cachedStatement(
    db,
    'SELECT ratio, amount, source FROM corporate_actions WHERE ticker = ? AND kind = ? AND ex_date = ?',
  );
  const upsert = cachedStatement(
    db,
    `INSERT INTO corporate_actions (ticker, kind, ex_date, ratio, amount, source, recorded_at)
     VALUES (@ticker, @kind, @exDate, @ratio, @amount, @source, @recordedAt)
     ON CONFLICT (ticker, kind, ex_date) DO UPDATE SET
       ratio = excluded.ratio, amount = excluded.amount, source = excluded.source, recorded_at = excluded.recorded_at`,
  );
  const result: WriteActionsResult = { added: 0, changed: 0 };
  for (const action of actions) {
    const before = select.get(action.ticker, action.kind, action.exDate) as
      Pick<ActionRow, 'ratio' | 'amount' | 'source'> | undefined;
    if (
      before &&
      before.ratio === action.ratio &&
      before.amount === action.amount &&
      before.source === action.source
    ) {
      continue;
    }
    upsert.run({ ...action, recordedAt });
    if (before) result.changed++;
    else result.added++;
  }
  return result;
}

/** A ticker's splits and dividends, oldest first. */
export function readCorporateActions(db: Database, ticker: string): CorporateAction[] {
  const rows = cachedStatement(
    db,
    `SELECT ticker, kind, ex_date, ratio, amount, source FROM corporate_actions
     WHERE ticker = ? ORDER BY ex_date, kind`,
  ).all(ticker) as ActionRow[];
  return rows.map((r) => ({
    ticker: r.ticker,
    kind: r.kind,
    exDate: r.ex_date,
    ratio: r.ratio,
    amount: r.amount,
    source: r.source,
  }));
}
