import { allocateColumns, sliceColumns, type BarColumns } from '../../store/bar-columns.js';

/** A row the parser refuses; `line` is 1-based in the CSV text. */
export class KlineParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const KLINE_COLUMNS = 12;
/** Times above this are microseconds (spot archives since 2025), below it milliseconds. */
const MICROSECOND_THRESHOLD = 1e14;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Parses a Binance kline CSV (12 columns: open time, OHLC, volume, close time, quote volume, trade
 * count, taker buy base, taker buy quote, ignore) straight from bytes. Accepts an optional header
 * row, CRLF or LF, a missing final newline, and millisecond or microsecond times (normalised to ms).
 * Refuses (with the line number) a wrong column count, a value that is not a number, high < low,
 * a negative volume, and times that do not strictly increase.
 */
export function parseKlineCsv(bytes: Uint8Array): BarColumns {
  const maxRows = countLines(bytes);
  const cols = allocateColumns(maxRows, true);
  const { time, open, high, low, close, volume } = cols;
  const quoteVolume = cols.quoteVolume!;
  const trades = cols.trades!;
  const takerBuyBase = cols.takerBuyBase!;
  const takerBuyQuote = cols.takerBuyQuote!;
  const fields = new Float64Array(KLINE_COLUMNS);
  const end = bytes.length;

  let pos = skipBom(bytes);
  let line = 1;
  if (pos < end && !isNumberStart(bytes[pos])) {
    pos = nextLine(bytes, pos); // header row
    line++;
  }
  let rows = 0;
  let timeScale = 0; // 1 for ms, 1/1000 for µs; fixed by the first row
  while (pos < end) {
    if (bytes[pos] === LF || bytes[pos] === CR) {
      const next = nextLine(bytes, pos);
      if (isBlankToEnd(bytes, next)) break;
      throw new KlineParseError(line, 'empty line inside the data');
    }
    let field = 0;
    for (;;) {
      if (field >= KLINE_COLUMNS) {
        throw new KlineParseError(line, `expected ${KLINE_COLUMNS} columns, found more`);
      }
      const start = pos;
      while (pos < end && bytes[pos] !== COMMA && bytes[pos] !== LF && bytes[pos] !== CR) pos++;
      const value = parseDecimal(bytes, start, pos);
      if (Number.isNaN(value)) {
        const text = Buffer.from(bytes.subarray(start, Math.min(pos, start + 40))).toString('latin1');
        throw new KlineParseError(line, `column ${field + 1} is not a number: "${text}"`);
      }
      fields[field++] = value;
      if (pos < end && bytes[pos] === COMMA) {
        pos++;
        continue;
      }
      break;
    }
    if (field !== KLINE_COLUMNS) {
      throw new KlineParseError(
        line,
        `expected ${KLINE_COLUMNS} columns, found ${field} (truncated or not a kline file)`,
      );
    }
    if (timeScale === 0) timeScale = fields[0] > MICROSECOND_THRESHOLD ? 1 / 1000 : 1;
    const t = timeScale === 1 ? fields[0] : fields[0] / 1000;
    if (rows > 0 && t <= time[rows - 1]) {
      throw new KlineParseError(
        line,
        `open time ${new Date(t).toISOString()} does not come after the previous row's`,
      );
    }
    if (fields[2] < fields[3]) {
      throw new KlineParseError(line, `high ${fields[2]} is below low ${fields[3]}`);
    }
    if (fields[5] < 0) throw new KlineParseError(line, `negative volume ${fields[5]}`);
    time[rows] = t;
    open[rows] = fields[1];
    high[rows] = fields[2];
    low[rows] = fields[3];
    close[rows] = fields[4];
    volume[rows] = fields[5];
    quoteVolume[rows] = fields[7];
    trades[rows] = fields[8];
    takerBuyBase[rows] = fields[9];
    takerBuyQuote[rows] = fields[10];
    rows++;
    pos = nextLine(bytes, pos);
    line++;
  }
  return rows === maxRows ? cols : sliceColumns(cols, 0, rows);
}

/**
 * Parses a plain decimal (`-123.4500`) exactly as `Number()` would: the digits form an integer
 * below 2^53 and one division by an exact power of ten rounds correctly. Anything else (exponents,
 * very long mantissas) falls back to `Number()` on the text. Returns NaN for an empty or bad field.
 */
function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  if (start === end) return NaN;
  let i = start;
  let negative = false;
  if (bytes[i] === MINUS) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === DOT && decimals < 0) {
      decimals = 0;
    } else {
      return slowParse(bytes, start, end);
    }
  }
  if (digits === 0) return NaN;
  if (mantissa > Number.MAX_SAFE_INTEGER || decimals > 22) return slowParse(bytes, start, end);
  const value = decimals > 0 ? mantissa / POW10[decimals] : mantissa;
  return negative ? -value : value;
}

function slowParse(bytes: Uint8Array, start: number, end: number): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start)
    .toString('latin1')
    .trim();
  if (text === '') return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === LF) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== LF ? n + 1 : n;
}

function nextLine(bytes: Uint8Array, pos: number): number {
  while (pos < bytes.length && bytes[pos] !== LF) pos++;
  return pos + 1;
}

function isBlankToEnd(bytes: Uint8Array, pos: number): boolean {
  for (let i = pos; i < bytes.length; i++)
    if (bytes[i] !== LF && bytes[i] !== CR && bytes[i] !== 32) return false;
  return true;
}

function skipBom(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

function isNumberStart(c: number): boolean {
  return (c >= ZERO && c <= NINE) || c === MINUS;
}
