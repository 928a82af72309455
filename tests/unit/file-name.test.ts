import { describe, expect, it } from 'vitest';
import {
  inferMarketFromPath,
  parseKlineFileName,
  splitSymbol,
} from '../../src/core/ingest/binance/file-name.js';

const INTERVALS = [
  '1s',
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1mo',
];

describe('parseKlineFileName', () => {
  it('parses a daily zip', () => {
    expect(parseKlineFileName('BTCUSDT-1m-2020-01-01.zip')).toEqual({
      symbol: 'BTCUSDT',
      interval: '1m',
      period: 'daily',
      date: '2020-01-01',
      format: 'zip',
    });
  });

  it('parses a monthly csv', () => {
    expect(parseKlineFileName('BTCUSDT-1h-2021-04.csv')).toEqual({
      symbol: 'BTCUSDT',
      interval: '1h',
      period: 'monthly',
      date: '2021-04',
      format: 'csv',
    });
  });

  it.each(INTERVALS)('accepts interval %s, daily and monthly', (interval) => {
    expect(parseKlineFileName(`ETHBTC-${interval}-2024-02-29.zip`)).toMatchObject({
      interval,
      period: 'daily',
      date: '2024-02-29',
    });
    expect(parseKlineFileName(`ETHBTC-${interval}-2024-12.csv`)).toMatchObject({
      interval,
      period: 'monthly',
      date: '2024-12',
    });
  });

  it('accepts digits in symbols (1000SHIBUSDT) and long symbols', () => {
    expect(parseKlineFileName('1000SHIBUSDT-5m-2023-06-15.zip')).toMatchObject({ symbol: '1000SHIBUSDT' });
    expect(parseKlineFileName(`${'A'.repeat(30)}-5m-2023-06.zip`)).toMatchObject({ symbol: 'A'.repeat(30) });
  });

  const refused = (name: string) => {
    const result = parseKlineFileName(name);
    expect(result).toHaveProperty('error');
    return (result as { error: string }).error;
  };

  it.each([
    'btcusdt-1h-2021-04.csv',
    'BTCUSDT_1h.csv',
    'BTCUSDT-1h-2021-04.CSV',
    'BTCUSDT-1h-2021-04.zip.CHECKSUM',
    'BTCUSDT-1h-2021-04.txt',
    'BTCUSDT-1h-2021-4.csv',
    'BTCUSDT-1h-21-04.csv',
    'BTCUSDT-1h-2021-04-1.zip',
    'BTCUSDT-1H-2021-04.csv',
    'BTC/USDT-1h-2021-04.csv',
    'B-1h-2021-04.csv',
    `${'A'.repeat(31)}-1h-2021-04.csv`,
    'BTCUSDT-1h-2021-04.csv ',
    'dir/BTCUSDT-1h-2021-04.csv',
    'BTCUSDT-aggTrades-2021-04.zip',
    '',
  ])('refuses %j as not a Data Vision kline name', (name) => {
    expect(refused(name)).toMatch(
      /^cannot parse the file name: expected SYMBOL-INTERVAL-YYYY-MM\[-DD\]\.zip or \.csv/,
    );
  });

  it.each(['2m', '60s', '10m', '2d', '2w', '3mo', '01m'])('refuses the unknown interval %s', (interval) => {
    expect(refused(`BTCUSDT-${interval}-2021-04.csv`)).toBe(
      `unknown interval "${interval}" in the file name`,
    );
  });

  it.each(['00', '13', '99'])('refuses month %s', (month) => {
    expect(refused(`BTCUSDT-1h-2021-${month}.csv`)).toBe(`invalid month "${month}" in the file name`);
    expect(refused(`BTCUSDT-1h-2021-${month}-01.zip`)).toBe(`invalid month "${month}" in the file name`);
  });

  it.each(['2021-02-30', '2021-02-29', '2021-04-31', '2021-01-00', '2021-01-32', '2100-02-29'])(
    'refuses the day %s',
    (date) => {
      expect(refused(`BTCUSDT-1m-${date}.zip`)).toBe(`invalid date "${date}" in the file name`);
    },
  );

  it('accepts real month ends and leap days', () => {
    for (const date of ['2020-02-29', '2000-02-29', '2021-01-31', '2021-04-30', '2021-12-31']) {
      expect(parseKlineFileName(`BTCUSDT-1m-${date}.zip`)).toMatchObject({ date, period: 'daily' });
    }
  });
});

describe('inferMarketFromPath', () => {
  it.each([
    ['/data/binance/spot/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2020-01-01.zip', 'spot'],
    ['/data/binance/futures/um/monthly/klines/BTCUSDT/1h/BTCUSDT-1h-2022-04.zip', 'um'],
    ['/data/binance/futures/cm/monthly/klines/BTCUSD_PERP/1h/x.zip', 'cm'],
    ['C:\\data\\binance\\spot\\daily\\klines\\BTCUSDT-1m-2020-01-01.zip', 'spot'],
    ['C:\\data\\futures\\um\\BTCUSDT-1m-2020-01-01.zip', 'um'],
    ['relative/futures/cm/x.csv', 'cm'],
  ])('%s → %s', (p, market) => {
    expect(inferMarketFromPath(p)).toBe(market);
  });

  it.each([
    '/data/BTCUSDT-1m-2020-01-01.zip',
    '/data/futures/BTCUSDT-1m-2020-01-01.zip',
    '/data/futures/coin/x.zip',
    '/data/spotty/um/x.zip',
    '/data/SPOT/x.zip',
    '/data/um/futures/x.zip',
    'BTCUSDT-1m-2020-01-01.zip',
  ])('%s says nothing', (p) => {
    expect(inferMarketFromPath(p)).toBeUndefined();
  });

  it('the innermost market folder wins', () => {
    expect(inferMarketFromPath('/spot/archive/futures/um/x.zip')).toBe('um');
    expect(inferMarketFromPath('/futures/um/copies/spot/x.zip')).toBe('spot');
  });
});

describe('splitSymbol', () => {
  it.each([
    ['BTCUSDT', 'BTC', 'USDT'],
    ['ETHBTC', 'ETH', 'BTC'],
    ['BNBETH', 'BNB', 'ETH'],
    ['BTCFDUSD', 'BTC', 'FDUSD'],
    ['BTCUSDC', 'BTC', 'USDC'],
    ['ETHBUSD', 'ETH', 'BUSD'],
    ['BTCTUSD', 'BTC', 'TUSD'],
    ['1000SHIBUSDT', '1000SHIB', 'USDT'],
    ['BTCEUR', 'BTC', 'EUR'],
    ['USDTTRY', 'USDT', 'TRY'],
    ['ADABNB', 'ADA', 'BNB'],
    ['XRPDAI', 'XRP', 'DAI'],
  ])('%s → %s / %s', (symbol, base, quote) => {
    expect(splitSymbol(symbol)).toEqual({ base, quote });
  });

  it.each(['USDT', 'BTC', 'BTCUSD', 'XYZ', ''])('%j has no known quote with a base', (symbol) => {
    expect(splitSymbol(symbol)).toEqual({ base: null, quote: null });
  });
});
