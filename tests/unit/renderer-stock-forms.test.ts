import { describe, expect, it } from 'vitest';
import {
  buildCoinGeckoParams,
  buildNewsParams,
  buildPolygonParams,
  buildYahooParams,
  defaultPolygonRange,
} from '../../src/renderer/lib/stock-params.js';
import { formatTickerList, parseTickerList, tickerListError } from '../../src/renderer/lib/tickers.js';
import {
  describeYahooWindow,
  yahooEarliestDay,
  yahooRangeNote,
  yahooWindowSentence,
} from '../../src/renderer/lib/yahoo-windows.js';

describe('ticker list', () => {
  it('takes commas, spaces, semicolons and new lines; upper-cases; keeps order; drops repeats', () => {
    expect(parseTickerList(' aapl, MSFT;brk.b\n\nbf-b  AAPL ')).toEqual({
      tickers: ['AAPL', 'MSFT', 'BRK.B', 'BF-B'],
      invalid: [],
    });
    expect(parseTickerList('  ,; ')).toEqual({ tickers: [], invalid: [] });
  });

  it('keeps what is not a ticker as typed, once, and says why', () => {
    const parsed = parseTickerList('AAPL 1ABC $tsla 1ABC TOOLONGTICKER');
    expect(parsed).toEqual({ tickers: ['AAPL'], invalid: ['1ABC', '$tsla', 'TOOLONGTICKER'] });
    expect(tickerListError(parsed)).toMatch(/^Not tickers: "1ABC", "\$tsla", "TOOLONGTICKER"\./);
    expect(tickerListError(parseTickerList(''))).toBe('Enter at least one ticker, e.g. AAPL.');
    expect(tickerListError(parseTickerList('SPY'))).toBeNull();
  });

  it('shortens a long list of bad entries', () => {
    const error = tickerListError(parseTickerList('1A 2B 3C 4D 5E 6F 7G'));
    expect(error).toContain('"5E" and 2 more.');
  });

  it('formats a list the way the field parses it back', () => {
    const text = formatTickerList(['AAPL', 'BRK.B', 'SPY']);
    expect(text).toBe('AAPL, BRK.B, SPY');
    expect(parseTickerList(text).tickers).toEqual(['AAPL', 'BRK.B', 'SPY']);
  });
});

describe('Yahoo look-back windows', () => {
  it('describes each interval as the job applies it', () => {
    expect(describeYahooWindow('1m')).toBe('last 30 days, 7 days per request');
    expect(describeYahooWindow('5m')).toBe('last 60 days');
    expect(describeYahooWindow('30m')).toBe('last 60 days');
    expect(describeYahooWindow('1h')).toBe('last 730 days');
    expect(describeYahooWindow('1d')).toBe('all history');
    expect(yahooWindowSentence('1m')).toBe(
      'Yahoo keeps 1m bars for the last 30 days and serves 7 days per request.',
    );
    expect(yahooWindowSentence('1d')).toBe('Yahoo keeps 1d bars for the whole history.');
  });

  const today = new Date('2024-06-30T15:00:00Z');

  it('knows the oldest day Yahoo still serves', () => {
    expect(yahooEarliestDay('1m', today)).toBe('2024-05-31');
    expect(yahooEarliestDay('15m', today)).toBe('2024-05-01');
    expect(yahooEarliestDay('1h', today)).toBe('2022-07-01');
    expect(yahooEarliestDay('1d', today)).toBeNull();
  });

  it('says when the range reaches past the window, and when nothing of it can be fetched', () => {
    expect(yahooRangeNote('1m', '2024-06-01', '', today)).toBeNull();
    expect(yahooRangeNote('1m', '', '', today)).toBeNull();
    expect(yahooRangeNote('1d', '1990-01-01', '2024-01-01', today)).toBeNull();
    expect(yahooRangeNote('1m', '2024-01-01', '2024-06-30', today)).toBe(
      'Yahoo keeps 1m bars for the last 30 days only: the fetch starts at 2024-05-31 instead of 2024-01-01.',
    );
    expect(yahooRangeNote('5m', '2024-01-01', '2024-02-01', today)).toMatch(
      /^Yahoo keeps 5m bars for the last 60 days only \(from 2024-05-01\): nothing in this range/,
    );
  });
});

describe('Polygon flat-file form', () => {
  const values = {
    tickersText: 'aapl msft',
    from: '2024-01-02',
    to: '2024-01-31',
    datasets: ['minute', 'day'] as const,
    extendedHours: false,
  };

  it('builds the contract parameters, credentials never among them', () => {
    const built = buildPolygonParams(values);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.params).toMatchObject({
      tickers: ['AAPL', 'MSFT'],
      from: '2024-01-02',
      to: '2024-01-31',
      datasets: ['minute', 'day'],
      extendedHours: false,
      s3: {},
    });
    expect(JSON.stringify(built.params)).not.toMatch(/key|secret/i);
  });

  it('reports each wrong field', () => {
    const built = buildPolygonParams({ ...values, tickersText: '', from: '2024-02-01', datasets: [] });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors.tickers).toBe('Enter at least one ticker, e.g. AAPL.');
    expect(built.errors.from).toBe('"From" (2024-02-01) is after "To" (2024-01-31).');
    expect(built.errors.datasets).toBe('Tick minute bars, day bars or both.');
    const noDates = buildPolygonParams({ ...values, from: '', to: '' });
    expect(noDates.ok).toBe(false);
    if (!noDates.ok) expect(Object.keys(noDates.errors).sort()).toEqual(['from', 'to']);
  });

  it('defaults to the last 30 days up to today', () => {
    expect(defaultPolygonRange(new Date('2024-03-05T10:00:00Z'))).toEqual({
      from: '2024-02-04',
      to: '2024-03-05',
    });
  });
});

describe('Yahoo, news and CoinGecko forms', () => {
  it('leaves empty Yahoo dates out (the job picks the window)', () => {
    const built = buildYahooParams({ tickersText: 'spy', interval: '1h', from: '', to: '' });
    expect(built.ok).toBe(true);
    if (built.ok) {
      expect(built.params.tickers).toEqual(['SPY']);
      expect(built.params.interval).toBe('1h');
      expect(built.params.from).toBeUndefined();
      expect(built.params.to).toBeUndefined();
    }
    const reversed = buildYahooParams({
      tickersText: 'spy',
      interval: '1d',
      from: '2024-02-01',
      to: '2024-01-01',
    });
    expect(reversed.ok).toBe(false);
  });

  it('checks headlines per ticker', () => {
    const built = buildNewsParams({ tickersText: 'AAPL', perTicker: ' 30 ' });
    expect(built).toMatchObject({ ok: true, params: { tickers: ['AAPL'], perTicker: 30 } });
    for (const bad of ['0', '101', '2.5', 'ten']) {
      const result = buildNewsParams({ tickersText: 'AAPL', perTicker: bad });
      expect(result.ok, bad).toBe(false);
      if (!result.ok)
        expect(result.errors.perTicker).toBe('Headlines per ticker must be a whole number from 1 to 100.');
    }
  });

  it('asks for at least one CoinGecko snapshot kind', () => {
    expect(buildCoinGeckoParams([])).toEqual({
      ok: false,
      errors: { what: 'Tick markets, trending or both.' },
    });
    const built = buildCoinGeckoParams(['trending']);
    expect(built.ok && built.params.what).toEqual(['trending']);
  });
});
