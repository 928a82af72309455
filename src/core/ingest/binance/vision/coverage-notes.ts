import { binanceRenames } from '../../../../shared/binance-presets.js';
import type { ArchivePlan } from './plan-archives.js';

const DAY = 86_400_000;
/** Daily archives appear about a day late; a series ending within this many days is still live. */
const PUBLICATION_LAG_DAYS = 3;

export interface SeriesFacts {
  symbol: string;
  what: string;
  from: string;
  to: string;
  today: string;
}

/** True when the series stopped being published well before the requested end (delisted or renamed). */
export function endedEarly(plan: ArchivePlan, facts: SeriesFacts): boolean {
  if (!plan.lastPublished) return false;
  const liveUntil = new Date(Date.parse(`${facts.today}T00:00:00Z`) - PUBLICATION_LAG_DAYS * DAY)
    .toISOString()
    .slice(0, 10);
  return plan.lastPublished < liveUntil && plan.lastPublished < facts.to;
}

/**
 * Plain sentences about a series' published life that the user should see: nothing published,
 * archives that start after the requested start, and archives that end (delisted or renamed).
 */
export function coverageNotes(plan: ArchivePlan, facts: SeriesFacts): string[] {
  const { symbol, what } = facts;
  const rename = binanceRenames[symbol];
  const renamed = rename
    ? ` ${symbol} was renamed ${rename.to} on ${rename.on}; fetch ${rename.to} for later dates.`
    : '';
  if (!plan.firstPublished) {
    return [
      `${symbol}: Data Vision publishes no ${what} for this symbol, so nothing was fetched.` +
        (renamed || ' Check the spelling and the market (spot or USD-M futures).'),
    ];
  }
  const notes: string[] = [];
  if (plan.firstPublished > facts.from)
    notes.push(
      `${symbol}: ${what} archives start on ${plan.firstPublished} (listed then); nothing exists before.`,
    );
  if (endedEarly(plan, facts)) {
    notes.push(
      `${symbol}: the last ${what} archive is for ${plan.lastPublished}; Binance stopped publishing it (delisted${rename ? ' or renamed' : ''}), so data ends there.${renamed}`,
    );
  }
  return notes;
}
