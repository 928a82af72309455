import type { CorporateAction } from '../../../shared/contract/index.js';
import { newYorkDate, newYorkDay } from '../../calendar/new-york-time.js';
import { splitFactorAfter, type SplitAdjustment } from './chart-to-bars.js';
import type { YahooChart } from './yahoo-client.js';

/**
 * A chart's splits and dividends inside [from, to) as corporate actions with source 'yahoo'.
 * Ex-dates are New York dates. Dividend amounts are made raw like the prices: Yahoo scales them
 * by the splits after the ex-date, so they are multiplied back by those splits' ratios (`splits`
 * must hold every split up to the fetch time), which keeps amount / raw close the true yield.
 */
export function chartEventsToActions(
  ticker: string,
  chart: YahooChart,
  splits: SplitAdjustment[],
  window: { from: number; to: number },
): CorporateAction[] {
  const inside = (t: number) => t >= window.from && t < window.to;
  const actions: CorporateAction[] = [];
  for (const s of chart.splits) {
    if (!inside(s.time) || !(s.numerator > 0 && s.denominator > 0)) continue;
    actions.push({
      ticker,
      kind: 'split',
      exDate: newYorkDate(s.time),
      ratio: s.numerator / s.denominator,
      amount: null,
      source: 'yahoo',
    });
  }
  for (const d of chart.dividends) {
    if (!inside(d.time) || !(d.amount >= 0)) continue;
    actions.push({
      ticker,
      kind: 'dividend',
      exDate: newYorkDate(d.time),
      ratio: null,
      amount: d.amount * splitFactorAfter(newYorkDay(d.time), splits),
      source: 'yahoo',
    });
  }
  return actions.sort((a, b) => a.exDate.localeCompare(b.exDate) || a.kind.localeCompare(b.kind));
}
