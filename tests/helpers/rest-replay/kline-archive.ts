import fs from 'node:fs';
import path from 'node:path';
import { readZipEntries } from '../../../src/core/ingest/archive/zip-reader.js';
import { dataPath } from '../paths.js';

export type ReplayMarket = 'spot' | 'um';

/**
 * One kline as Binance's REST API writes it: `[openTime, open, high, low, close, volume, closeTime,
 * quoteVolume, trades, takerBuyBase, takerBuyQuote, ignore]`, times as integers (ms), every
 * decimal as the exact string of the archive.
 */
export type KlineRow = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

/** Folders of real Data Vision kline files in shared data, per market. */
function klineFolders(market: ReplayMarket, symbol: string, interval: string): string[] {
  return market === 'spot'
    ? [
        dataPath('binance/spot/monthly/klines-csv', symbol, interval),
        dataPath('binance/spot/daily/klines', symbol, interval),
      ]
    : [
        dataPath('binance/futures/um/monthly/klines-csv', symbol, interval),
        dataPath('binance/futures/um/daily/klines-csv', symbol, interval),
      ];
}

/** Symbols with any kline files for a market in shared data. */
export function klineSymbols(market: ReplayMarket): string[] {
  const roots =
    market === 'spot'
      ? [dataPath('binance/spot/monthly/klines-csv'), dataPath('binance/spot/daily/klines')]
      : [dataPath('binance/futures/um/monthly/klines-csv'), dataPath('binance/futures/um/daily/klines-csv')];
  const names = new Set<string>();
  for (const root of roots) if (fs.existsSync(root)) for (const name of fs.readdirSync(root)) names.add(name);
  return [...names].sort();
}

/** Intervals with kline files for a symbol. */
export function klineIntervals(market: ReplayMarket, symbol: string): string[] {
  const names = new Set<string>();
  for (const folder of klineFolders(market, symbol, '')) {
    if (fs.existsSync(folder)) for (const name of fs.readdirSync(folder)) names.add(name);
  }
  return [...names];
}

const cache = new Map<string, KlineRow[]>();

/**
 * Every kline of the shared data for market/symbol/interval, monthly and daily files merged,
 * in open-time order without duplicates. Spot archives in microseconds (2025+) are served in
 * milliseconds, as the REST API does by default.
 */
export function loadKlines(market: ReplayMarket, symbol: string, interval: string): KlineRow[] {
  const key = `${market}/${symbol}/${interval}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const byTime = new Map<number, KlineRow>();
  for (const folder of klineFolders(market, symbol, interval)) {
    if (!fs.existsSync(folder)) continue;
    for (const name of fs.readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      const text = name.endsWith('.zip')
        ? zipText(file)
        : name.endsWith('.csv')
          ? fs.readFileSync(file, 'utf8')
          : null;
      if (text === null) continue;
      for (const row of parseKlineText(text)) byTime.set(row[0], row);
    }
  }
  const rows = [...byTime.values()].sort((a, b) => a[0] - b[0]);
  cache.set(key, rows);
  return rows;
}

function zipText(file: string): string {
  const entry = readZipEntries(fs.readFileSync(file)).find((e) => e.name.endsWith('.csv'));
  if (!entry) throw new Error(`rest replay: no CSV inside ${file}`);
  return entry.data.toString('utf8');
}

function parseKlineText(text: string): KlineRow[] {
  const rows: KlineRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!/^\d/.test(line)) continue; // header row or blank line
    const f = line.split(',');
    if (f.length < 12)
      throw new Error(`rest replay: kline line with ${f.length} fields: ${line.slice(0, 80)}`);
    const scale = Number(f[0]) > 1e14 ? 1000 : 1; // microsecond archives
    rows.push([
      Math.floor(Number(f[0]) / scale),
      f[1],
      f[2],
      f[3],
      f[4],
      f[5],
      Math.floor(Number(f[6]) / scale),
      f[7],
      Number(f[8]),
      f[9],
      f[10],
      f[11],
    ]);
  }
  return rows;
}
