import type { BarColumns } from '../../store/bar-columns.js';
import type { AggRow } from './aggs-csv.js';
import { FlatFileRejected } from './flat-file-rejected.js';

interface Pending {
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  trades: number[];
  line: number[];
}

/**
 * Bars of the requested tickers from one flat file, gathered row by row and handed out as
 * bar-store columns in time order. The file's order is not relied on (real files are sorted by
 * ticker, then time, but nothing guarantees it); two rows of one ticker at the same time reject the
 * file, since there is no telling which one is right.
 *
 * Columns: the core OHLCV plus `trades` (the file's `transactions`, NaN where a row leaves it
 * empty). The bar store keeps its extra columns all together or not at all, so the three extras a
 * stock source does not have (quoteVolume, takerBuyBase, takerBuyQuote: Binance notions) are NaN,
 * meaning "not provided", never a made-up number. Keeping the trade count is worth it: it is real
 * information (activity per minute) that the features can use.
 */
export class TickerBars {
  private readonly byTicker = new Map<string, Pending>();

  add(row: AggRow, line: number): void {
    let pending = this.byTicker.get(row.ticker);
    if (!pending) {
      pending = { time: [], open: [], high: [], low: [], close: [], volume: [], trades: [], line: [] };
      this.byTicker.set(row.ticker, pending);
    }
    pending.time.push(row.time);
    pending.open.push(row.open);
    pending.high.push(row.high);
    pending.low.push(row.low);
    pending.close.push(row.close);
    pending.volume.push(row.volume);
    pending.trades.push(row.trades);
    pending.line.push(line);
  }

  /** Tickers with at least one bar. */
  tickers(): string[] {
    return [...this.byTicker.keys()];
  }

  /** One ticker's bars in strictly increasing time. Throws FlatFileRejected on a duplicate time. */
  columns(ticker: string): BarColumns {
    const p = this.byTicker.get(ticker);
    if (!p) throw new Error(`no bars were gathered for ${ticker}`);
    const n = p.time.length;
    const order = Array.from({ length: n }, (_, i) => i);
    if (!isIncreasing(p.time)) order.sort((a, b) => p.time[a] - p.time[b] || p.line[a] - p.line[b]);
    for (let k = 1; k < n; k++) {
      const [a, b] = [order[k - 1], order[k]];
      if (p.time[a] === p.time[b]) {
        throw new FlatFileRejected(
          `${ticker} has two bars at ${new Date(p.time[b]).toISOString()} (lines ${p.line[a]} and ${p.line[b]})`,
          p.line[b],
        );
      }
    }
    const pick = (values: number[]) => Float64Array.from(order, (i) => values[i]);
    const notProvided = () => new Float64Array(n).fill(NaN);
    return {
      time: pick(p.time),
      open: pick(p.open),
      high: pick(p.high),
      low: pick(p.low),
      close: pick(p.close),
      volume: pick(p.volume),
      trades: pick(p.trades),
      quoteVolume: notProvided(),
      takerBuyBase: notProvided(),
      takerBuyQuote: notProvided(),
    };
  }
}

function isIncreasing(values: number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] <= values[i - 1]) return false;
  return true;
}
