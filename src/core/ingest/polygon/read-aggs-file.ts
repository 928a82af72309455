import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import type { BarColumns } from '../../store/bar-columns.js';
import {
  AGGS_COLUMNS,
  fieldAt,
  fieldCount,
  mapAggsHeader,
  parseAggRow,
  type AggsHeader,
} from './aggs-csv.js';
import type { BarTimeRule } from './bar-times.js';
import { FlatFileRejected } from './flat-file-rejected.js';
import { TickerBars } from './ticker-bars.js';

/** A line longer than this is not a CSV row: the content is garbage (no newline for a megabyte). */
const MAX_LINE_CHARS = 1 << 20;

export interface ReadAggsOptions {
  /** Only these tickers' rows are parsed and kept. */
  tickers: ReadonlySet<string>;
  barTime: BarTimeRule;
  /** Compressed bytes as they arrive (progress). */
  onBytes?: (bytes: number) => void;
}

export interface AggsFileContent {
  /** Bars per ticker that kept at least one bar, in time order. */
  bars: Map<string, BarColumns>;
  /** Requested tickers that had rows in the file (even if every row fell outside the session). */
  tickersFound: Set<string>;
  /** Data rows in the file, all tickers. */
  rows: number;
  /** Rows of requested tickers that the bar-time rule left out (outside the kept session). */
  barsOutsideSession: number;
}

/**
 * Reads one gzip CSV day file as it streams in: gunzip → lines → rows, never holding the whole
 * decompressed file (a real minute file is ~50 MB compressed and several times that as text).
 * Every row is checked for its field count, so a damaged file shows anywhere in it; rows of the
 * requested tickers are fully parsed and validated. Throws FlatFileRejected (with the line) for a
 * corrupt gzip or any malformed row; other errors (the connection dropping) pass through as they are.
 */
export async function readAggsFile(
  body: Readable | AsyncIterable<Uint8Array>,
  options: ReadAggsOptions,
): Promise<AggsFileContent> {
  const collected = new TickerBars();
  const tickersFound = new Set<string>();
  let header: AggsHeader | null = null;
  let lineNo = 0;
  let rows = 0;
  let barsOutsideSession = 0;

  const handleLine = (raw: string) => {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (header === null) {
      header = mapAggsHeader(line);
      return;
    }
    if (line === '') return;
    const count = fieldCount(line);
    if (count !== header.width) {
      throw new FlatFileRejected(
        `expected ${header.width} comma-separated fields (${AGGS_COLUMNS.join(',')}), found ${count}`,
        lineNo,
      );
    }
    rows++;
    const ticker = fieldAt(line, header.index.ticker);
    if (!options.tickers.has(ticker)) return;
    tickersFound.add(ticker);
    const row = parseAggRow(line.split(','), header, lineNo);
    const time = options.barTime(row.time, lineNo);
    if (time === null) {
      barsOutsideSession++;
      return;
    }
    collected.add(time === row.time ? row : { ...row, time }, lineNo);
  };

  const readLines = async (source: AsyncIterable<Buffer>) => {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for await (const chunk of source) {
      const text = rest + decoder.write(chunk);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        handleLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
      if (rest.length > MAX_LINE_CHARS) {
        throw new FlatFileRejected(
          `line ${lineNo + 1} runs on for over a megabyte: not a CSV row`,
          lineNo + 1,
        );
      }
    }
    rest += decoder.end();
    if (rest !== '') handleLine(rest);
  };

  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      options.onBytes?.(chunk.length);
      done(null, chunk);
    },
  });

  // The sink's own error (a bad row) is what failed; pipeline may report the AbortError it then
  // used to tear the other stages down instead.
  let rowProblem: unknown = null;
  try {
    await pipeline(body, counter, zlib.createGunzip(), async (source: AsyncIterable<Buffer>) => {
      try {
        await readLines(source);
      } catch (err) {
        rowProblem = err;
        throw err;
      }
    });
  } catch (err) {
    if (rowProblem) throw rowProblem;
    if (isZlibError(err)) throw new FlatFileRejected(`corrupt gzip: ${(err as Error).message}`, lineNo + 1);
    throw err;
  }
  if (header === null) throw new FlatFileRejected('the file is empty (no header line)', 1);

  const bars = new Map<string, BarColumns>();
  for (const ticker of collected.tickers()) bars.set(ticker, collected.columns(ticker));
  return { bars, tickersFound, rows, barsOutsideSession };
}

/** zlib's own errors (bad header, bad checksum, truncated stream) carry a Z_* code. */
export function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
