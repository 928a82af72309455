import type { Database } from 'better-sqlite3';
import { BarStore } from '../../store/bar-store.js';
import { cachedStatement } from '../../store/statement-cache.js';
import { fitNormalization, type NormalizationStats } from './normalization-stats.js';

/** Stores fitted statistics (one row per instrument, interval and window; a refit replaces it). */
export function storeNormalizationStats(
  db: Database,
  instrumentId: number,
  interval: string,
  stats: NormalizationStats,
  now: number,
): void {
  for (const key of ['meanLogReturn', 'stdLogReturn', 'meanAtr', 'meanPrice'] as const) {
    if (!Number.isFinite(stats[key]))
      throw new Error(
        `Cannot store normalisation statistics of instrument ${instrumentId} ${interval}: ${key} is ${stats[key]}`,
      );
  }
  cachedStatement(
    db,
    `INSERT OR REPLACE INTO normalization_stats (instrument_id, interval, fit_from, fit_to, bars, mean_log_return,
       std_log_return, mean_atr, mean_price, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    instrumentId,
    interval,
    stats.fitFrom,
    stats.fitTo,
    stats.bars,
    stats.meanLogReturn,
    stats.stdLogReturn,
    stats.meanAtr,
    stats.meanPrice,
    now,
  );
}

/** The statistics fit on exactly [fitFrom, fitTo), or null when none are stored. */
export function readNormalizationStats(
  db: Database,
  instrumentId: number,
  interval: string,
  fitFrom: number,
  fitTo: number,
): NormalizationStats | null {
  const row = cachedStatement(
    db,
    `SELECT fit_from AS fitFrom, fit_to AS fitTo, bars, mean_log_return AS meanLogReturn,
       std_log_return AS stdLogReturn, mean_atr AS meanAtr, mean_price AS meanPrice
     FROM normalization_stats WHERE instrument_id = ? AND interval = ? AND fit_from = ? AND fit_to = ?`,
  ).get(instrumentId, interval, fitFrom, fitTo) as NormalizationStats | undefined;
  return row ?? null;
}

/**
 * Fits the statistics on the stored bars opened in [fitFrom, fitTo) (only those are read) and
 * stores them with the dataset.
 */
export function fitAndStoreNormalization(
  db: Database,
  instrumentId: number,
  interval: string,
  fitFrom: number,
  fitTo: number,
  now: number,
): NormalizationStats {
  const bars = new BarStore(db).readBars({ instrumentId, interval, from: fitFrom, to: fitTo });
  const stats = fitNormalization(bars, fitFrom, fitTo);
  storeNormalizationStats(db, instrumentId, interval, stats, now);
  return stats;
}
