import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartEventsToActions } from '../../src/core/ingest/yahoo/chart-events.js';
import { chartToBars, splitAdjustments } from '../../src/core/ingest/yahoo/chart-to-bars.js';
import type { YahooChart } from '../../src/core/ingest/yahoo/yahoo-client.js';
import { adjustmentSteps, backAdjust, readAdjustedBars } from '../../src/core/store/adjusted-bars.js';
import type { BarColumns } from '../../src/core/store/bar-columns.js';
import { BarStore } from '../../src/core/store/bar-store.js';
import { readCorporateActions, writeCorporateActions } from '../../src/core/store/corporate-actions-repo.js';
import { upsertInstrument } from '../../src/core/store/instruments.js';
import { openDatabase } from '../../src/core/store/open-database.js';
import { tempDir } from '../helpers/paths.js';
import { recordedYahooChart } from '../helpers/yahoo-replay/index.js';

const NVDA = 'historical-via-chart-NVDA-split-2021-02-01-to-2022-01-31.csv.json';
const MSFT = 'historical-via-chart-MSFT-dividends-2021-02-01-to-2022-01-31.csv.json';
const WINDOW = {
  from: Date.parse('2021-02-01T05:00:00Z'),
  to: Date.parse('2022-02-01T05:00:00Z'),
};

/** Raw daily bars and corporate actions exactly as the fetch job derives them from a recorded chart. */
function rawFromChart(
  file: string,
  ticker: string,
): { chart: YahooChart; raw: BarColumns } & {
  actions: ReturnType<typeof chartEventsToActions>;
} {
  const chart = recordedYahooChart(file);
  const splits = splitAdjustments(chart.splits);
  const raw = chartToBars({
    chart,
    interval: '1d',
    keep: WINDOW,
    now: Date.parse('2025-03-01'),
    splits,
  }).columns;
  return { chart, raw, actions: chartEventsToActions(ticker, chart, splits, WINDOW) };
}

/** Raw close of the last bar before an ex-day, from the series itself. */
const closeBefore = (raw: BarColumns) => (exDay: number) => {
  let found: { close: number; day: number } | null = null;
  for (let i = 0; i < raw.time.length; i++) {
    const day = raw.time[i] / 86_400_000;
    if (day < exDay) found = { close: raw.close[i], day };
  }
  return found;
};

describe('back-adjustment against the recorded Yahoo charts', () => {
  it('NVDA 4:1 split (2021-07-20): the adjusted series is exactly Yahoo split-adjusted quote', () => {
    const { chart, raw, actions } = rawFromChart(NVDA, 'NVDA');
    expect(actions).toEqual([
      { ticker: 'NVDA', kind: 'split', exDate: '2021-07-20', ratio: 4, amount: null, source: 'yahoo' },
    ]);
    const { steps, splits } = adjustmentSteps(actions, closeBefore(raw));
    expect(splits).toBe(1);
    const adjusted = backAdjust(raw, '1d', steps);
    expect([...adjusted.close]).toEqual(chart.close);
    expect([...adjusted.open]).toEqual(chart.open);
    expect([...adjusted.volume]).toEqual(chart.volume);
    // The raw series itself jumps at the split; the adjusted one does not.
    const i = raw.time.indexOf(Date.parse('2021-07-20T00:00:00Z'));
    expect(raw.close[i - 1] / raw.close[i]).toBeGreaterThan(3.5);
    expect(adjusted.close[i - 1] / adjusted.close[i]).toBeLessThan(1.05);
  });

  it("MSFT dividends: the adjusted close is Yahoo's adjclose up to one constant factor (later dividends)", () => {
    const { chart, raw, actions } = rawFromChart(MSFT, 'MSFT');
    expect(actions.map((a) => [a.exDate, a.amount])).toEqual([
      ['2021-02-17', 0.56],
      ['2021-05-19', 0.56],
      ['2021-08-18', 0.56],
      ['2021-11-17', 0.62],
    ]);
    // MSFT has no split after 2003: Yahoo's quote is the raw price.
    expect([...raw.close]).toEqual(chart.close);
    const { steps, dividends } = adjustmentSteps(actions, closeBefore(raw));
    expect(dividends).toBe(4);
    const adjusted = backAdjust(raw, '1d', steps);
    const ratios = chart.adjclose!.map((a, i) => adjusted.close[i] / a!);
    // adjclose was recorded in 2025 and includes 2022–2025 dividends: a constant factor here.
    for (const r of ratios) expect(Math.abs(r / ratios.at(-1)! - 1)).toBeLessThan(1e-6);
    // Without the dividends the ratio drifts by about 0.9 % over the year, so the check can fail.
    const unadjusted = chart.adjclose!.map((a, i) => raw.close[i] / a!);
    expect(unadjusted[0] / unadjusted.at(-1)! - 1).toBeGreaterThan(0.008);
  });
});

describe('readAdjustedBars on the store', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(dir);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads adjusted prices for features and leaves the raw bars as stored', () => {
    const store = new BarStore(db);
    for (const [file, ticker] of [
      [NVDA, 'NVDA'],
      [MSFT, 'MSFT'],
    ] as const) {
      const { chart, raw, actions } = rawFromChart(file, ticker);
      const instrumentId = upsertInstrument(
        db,
        { symbol: ticker, venue: 'us', market: 'stock', base: ticker, quote: 'USD' },
        1,
      );
      store.writeBars({ instrumentId, interval: '1d', source: 'yahoo', rawFileId: null, columns: raw });
      expect(writeCorporateActions(db, actions, 1)).toEqual({ added: actions.length, changed: 0 });
      expect(writeCorporateActions(db, actions, 2)).toEqual({ added: 0, changed: 0 });
      expect(readCorporateActions(db, ticker)).toEqual(actions);

      const adjusted = readAdjustedBars(db, { instrumentId, ticker, interval: '1d' });
      expect(adjusted.dividendsWithoutClose).toEqual([]);
      if (ticker === 'NVDA') {
        expect(adjusted.splitsApplied).toBe(1);
        expect([...adjusted.columns.close]).toEqual(chart.close);
      } else {
        expect(adjusted.dividendsApplied).toBe(4);
        // The last quarter (after the 2021-11-17 ex-date) is unchanged, the first one is not.
        expect(adjusted.columns.close.at(-1)).toBe(raw.close.at(-1));
        expect(adjusted.columns.close[0]).toBeLessThan(raw.close[0] * 0.995);
      }
      // A later window still sees the adjustments after it; the raw bars did not change.
      const late = readAdjustedBars(db, {
        instrumentId,
        ticker,
        interval: '1d',
        from: Date.parse('2021-06-01'),
        to: Date.parse('2021-07-01'),
      });
      const full = readAdjustedBars(db, { instrumentId, ticker, interval: '1d' }).columns;
      const offset = full.time.indexOf(late.columns.time[0]);
      expect([...late.columns.close]).toEqual([
        ...full.close.subarray(offset, offset + late.columns.time.length),
      ]);
      expect([...store.readBars({ instrumentId, interval: '1d' }).close]).toEqual([...raw.close]);
    }
  });

  it('names a dividend it cannot apply because no close before its ex-date is stored', () => {
    const { raw, actions } = rawFromChart(MSFT, 'MSFT');
    const store = new BarStore(db);
    const instrumentId = upsertInstrument(
      db,
      { symbol: 'MSFT', venue: 'us', market: 'stock', base: 'MSFT', quote: 'USD' },
      1,
    );
    // Leave out the sessions of 2021-05-06 to 2021-05-18: the ten days before the 05-19 ex-date.
    const gapStart = raw.time.indexOf(Date.parse('2021-05-06T00:00:00Z'));
    const gapEnd = raw.time.indexOf(Date.parse('2021-05-19T00:00:00Z'));
    const part = (from: number, to: number) => {
      const out = { ...raw };
      for (const name of ['time', 'open', 'high', 'low', 'close', 'volume'] as const)
        out[name] = raw[name].subarray(from, to);
      return out;
    };
    for (const columns of [part(0, gapStart), part(gapEnd, raw.time.length)]) {
      store.writeBars({ instrumentId, interval: '1d', source: 'yahoo', rawFileId: null, columns });
    }
    writeCorporateActions(db, actions, 1);
    const adjusted = readAdjustedBars(db, { instrumentId, ticker: 'MSFT', interval: '1d' });
    expect(adjusted.dividendsWithoutClose).toEqual(['2021-05-19']);
    expect(adjusted.dividendsApplied).toBe(3);
  });
});
