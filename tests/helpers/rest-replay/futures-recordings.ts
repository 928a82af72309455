import fs from 'node:fs';
import path from 'node:path';
import { dataPath } from '../paths.js';
import { klineIntervals, klineSymbols, loadKlines } from './kline-archive.js';

/** Funding rates as /fapi/v1/fundingRate writes them. */
export interface FundingRecord {
  symbol: string;
  fundingTime: number;
  fundingRate: string;
  markPrice: string;
}

/** Open interest as /futures/data/openInterestHist writes it. */
export interface OpenInterestRecord {
  symbol: string;
  sumOpenInterest: string;
  sumOpenInterestValue: string;
  timestamp: number;
}

const REST_DERIVED = dataPath('binance/futures/um/rest-derived');
const NAUTILUS = dataPath('binance/rest/nautilus');

function csvRows(file: string): string[][] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => /^\d/.test(line))
    .map((line) => line.split(','));
}

/**
 * Real funding history (REST, re-written as CSV by the repo author: `timestamp,symbol,funding_rate`).
 * The recording has no mark price; Binance sends "" where it has none, and so does the replay.
 */
export function loadFunding(symbol: string): FundingRecord[] {
  return csvRows(path.join(REST_DERIVED, 'funding', `${symbol}.csv`)).map(([time, , rate]) => ({
    symbol,
    fundingTime: Number(time),
    fundingRate: rate,
    markPrice: '',
  }));
}

/** Real open-interest history for the periods recorded (4h, 1d); other periods are empty. */
export function loadOpenInterestHistory(symbol: string, period: string): OpenInterestRecord[] {
  return csvRows(path.join(REST_DERIVED, `oi_${period}`, `${symbol}.csv`)).map(([time, , oi, value]) => ({
    symbol,
    sumOpenInterest: oi,
    sumOpenInterestValue: value,
    timestamp: Number(time),
  }));
}

/** Recorded single answers (Binance documentation examples, for shapes only), keyed by their symbol. */
export function loadRecorded(
  name: 'open_interest' | 'premium_index',
): Record<string, Record<string, unknown>> {
  const json = JSON.parse(
    fs.readFileSync(path.join(NAUTILUS, `http_futures_market_${name}.json`), 'utf8'),
  ) as Record<string, unknown>;
  return { [String(json.symbol)]: json };
}

interface TickerBar {
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string;
  trades: number;
  openTime: number;
  closeTime: number;
}

/** Bars of the most recent real futures series of a symbol: Data Vision klines or the REST-derived 1h CSV. */
function latestSeries(symbol: string): TickerBar[] {
  const candidates: TickerBar[][] = klineIntervals('um', symbol).map((interval) =>
    loadKlines('um', symbol, interval).map((k) => ({
      open: k[1],
      high: k[2],
      low: k[3],
      close: k[4],
      volume: k[5],
      quoteVolume: k[7],
      trades: k[8],
      openTime: k[0],
      closeTime: k[6],
    })),
  );
  // REST-derived header: timestamp,open,high,low,close,volume,quote_volume,trades,close_time
  const derived = csvRows(path.join(REST_DERIVED, '1h', `${symbol}.csv`)).map((f) => ({
    open: f[1],
    high: f[2],
    low: f[3],
    close: f[4],
    volume: f[5],
    quoteVolume: f[6],
    trades: Number(f[7]),
    openTime: Number(f[0]),
    closeTime: Number(f[8]),
  }));
  candidates.push(derived);
  const lastTime = (bars: TickerBar[]) => (bars.length ? bars[bars.length - 1].closeTime : -Infinity);
  return candidates.reduce((best, bars) => (lastTime(bars) > lastTime(best) ? bars : best), []);
}

/**
 * DERIVED, not recorded: a /fapi/v1/ticker/24hr answer computed from the last 24 hours of each
 * symbol's most recent real futures bars in shared data (so volumes and prices are real, but the
 * symbols' 24-hour windows end at different dates). Fields Binance sends that bars cannot give
 * (lastQty, firstId, lastId) are left out.
 */
export function deriveTickers(): Record<string, unknown>[] {
  const symbols = new Set([
    ...klineSymbols('um'),
    ...fs.readdirSync(path.join(REST_DERIVED, '1h')).map((f) => f.replace(/\.csv$/, '')),
  ]);
  const tickers: Record<string, unknown>[] = [];
  for (const symbol of [...symbols].sort()) {
    const series = latestSeries(symbol);
    if (!series.length) continue;
    const closeTime = series[series.length - 1].closeTime;
    const day = series.filter((b) => b.openTime > closeTime - 86_400_000);
    const priceDecimals = Math.max(...day.map((b) => decimals(b.close)));
    const volumeDecimals = Math.max(...day.map((b) => decimals(b.volume)));
    const quoteDecimals = Math.max(...day.map((b) => decimals(b.quoteVolume)));
    const open = Number(day[0].open);
    const last = Number(day[day.length - 1].close);
    const volume = sum(day.map((b) => Number(b.volume)));
    const quoteVolume = sum(day.map((b) => Number(b.quoteVolume)));
    tickers.push({
      symbol,
      priceChange: (last - open).toFixed(priceDecimals),
      priceChangePercent: (((last - open) / open) * 100).toFixed(3),
      weightedAvgPrice: (quoteVolume / volume).toFixed(priceDecimals),
      lastPrice: day[day.length - 1].close,
      openPrice: day[0].open,
      highPrice: day.reduce((a, b) => (Number(b.high) > Number(a.high) ? b : a)).high,
      lowPrice: day.reduce((a, b) => (Number(b.low) < Number(a.low) ? b : a)).low,
      volume: volume.toFixed(volumeDecimals),
      quoteVolume: quoteVolume.toFixed(quoteDecimals),
      openTime: day[0].openTime,
      closeTime,
      count: sum(day.map((b) => b.trades)),
    });
  }
  return tickers;
}

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
