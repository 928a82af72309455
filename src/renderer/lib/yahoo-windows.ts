import type { YahooInterval } from '../../shared/contract/index.js';

/** How far back Yahoo serves an interval, and how much one chart request may cover. */
export interface YahooWindow {
  /** Days back from today that Yahoo keeps; null: the whole history. */
  lookbackDays: number | null;
  /** Days one request may span; null: no limit (the lab asks once). */
  perRequestDays: number | null;
}

/**
 * Yahoo's limits per interval, as the fetch job applies them (FetchYahooParams): the renderer may
 * not import the core, so they are repeated here for the form's hints.
 */
export const yahooWindows: Record<YahooInterval, YahooWindow> = {
  '1m': { lookbackDays: 30, perRequestDays: 7 },
  '5m': { lookbackDays: 60, perRequestDays: null },
  '15m': { lookbackDays: 60, perRequestDays: null },
  '30m': { lookbackDays: 60, perRequestDays: null },
  '1h': { lookbackDays: 730, perRequestDays: null },
  '1d': { lookbackDays: null, perRequestDays: null },
};

/** "last 30 days, 7 days per request", "last 730 days", "all history". */
export function describeYahooWindow(interval: YahooInterval): string {
  const { lookbackDays, perRequestDays } = yahooWindows[interval];
  const back = lookbackDays == null ? 'all history' : `last ${lookbackDays} days`;
  return perRequestDays == null ? back : `${back}, ${perRequestDays} days per request`;
}

/** The form's hint: "Yahoo keeps 1m bars for the last 30 days and serves 7 days per request." */
export function yahooWindowSentence(interval: YahooInterval): string {
  const { lookbackDays, perRequestDays } = yahooWindows[interval];
  const back = lookbackDays == null ? 'the whole history' : `the last ${lookbackDays} days`;
  const per = perRequestDays == null ? '' : ` and serves ${perRequestDays} days per request`;
  return `Yahoo keeps ${interval} bars for ${back}${per}.`;
}

const DAY_MS = 86_400_000;

/** The oldest UTC day Yahoo still serves for the interval, seen from `today`; null when it keeps all. */
export function yahooEarliestDay(interval: YahooInterval, today: Date): string | null {
  const { lookbackDays } = yahooWindows[interval];
  if (lookbackDays == null) return null;
  return new Date(today.getTime() - lookbackDays * DAY_MS).toISOString().slice(0, 10);
}

/**
 * What the fetch will actually cover when the form asks for more than Yahoo keeps (the job clips
 * the range and says so in its notes); null when the range fits. An empty `from` means "as far
 * back as Yahoo keeps", which always fits.
 */
export function yahooRangeNote(
  interval: YahooInterval,
  from: string,
  to: string,
  today: Date,
): string | null {
  const earliest = yahooEarliestDay(interval, today);
  if (earliest == null) return null;
  const window = yahooWindows[interval].lookbackDays;
  if (to && to < earliest) {
    return `Yahoo keeps ${interval} bars for the last ${window} days only (from ${earliest}): nothing in this range can be fetched at ${interval}.`;
  }
  if (from && from < earliest) {
    return `Yahoo keeps ${interval} bars for the last ${window} days only: the fetch starts at ${earliest} instead of ${from}.`;
  }
  return null;
}
