import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readZipEntries } from '../../src/core/ingest/archive/zip-reader.js';
import { KlineParseError, parseKlineCsv } from '../../src/core/ingest/binance/kline-csv.js';
import { EXTRA_COLUMNS, type BarColumns } from '../../src/core/store/bar-columns.js';

const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
const SPOT_MONTHLY = path.join(DATA, 'binance/spot/monthly/klines-csv/BTCUSDT/1h');
const FUTURES_MONTHLY = path.join(DATA, 'binance/futures/um/monthly/klines-csv');
const SPOT_DAILY = path.join(DATA, 'binance/spot/daily/klines/BTCUSDT');

/** CSV column index of each BarColumns column (close time and `ignore` are not kept). */
const CSV_INDEX: Record<keyof BarColumns, number> = {
  time: 0,
  open: 1,
  high: 2,
  low: 3,
  close: 4,
  volume: 5,
  quoteVolume: 7,
  trades: 8,
  takerBuyBase: 9,
  takerBuyQuote: 10,
};

/** Independent, deliberately naive reference: split lines and commas, Number() every field. */
function referenceParse(text: string): { header: string | null; rows: number[][] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  let header: string | null = null;
  if (lines.length > 0 && !/^[-0-9]/.test(lines[0])) header = lines.shift()!;
  const rows = lines.map((line) => {
    const fields = line.split(',');
    if (fields.length !== 12) throw new Error(`reference: ${fields.length} fields in ${line}`);
    return fields.map(Number);
  });
  if (rows.length > 0 && rows[0][0] > 1e14) for (const r of rows) r[0] = r[0] / 1000;
  return { header, rows };
}

/** Asserts every column of `parsed` equals the reference exactly (Object.is), reporting the first difference. */
function expectSameAsReference(parsed: BarColumns, rows: number[][]): void {
  for (const [name, index] of Object.entries(CSV_INDEX) as [keyof BarColumns, number][]) {
    const col = parsed[name];
    expect(col, name).toBeInstanceOf(Float64Array);
    expect(col!.length, name).toBe(rows.length);
    let firstDiff: string | null = null;
    for (let r = 0; r < rows.length && firstDiff === null; r++) {
      if (!Object.is(col![r], rows[r][index]))
        firstDiff = `row ${r + 1} ${name}: parsed ${col![r]}, Number() ${rows[r][index]}`;
    }
    expect(firstDiff).toBeNull();
  }
}

function parseText(text: string): BarColumns {
  return parseKlineCsv(Buffer.from(text, 'utf8'));
}

function parseError(text: string): KlineParseError {
  try {
    parseText(text);
  } catch (err) {
    expect(err).toBeInstanceOf(KlineParseError);
    return err as KlineParseError;
  }
  throw new Error('expected a KlineParseError');
}

const H = 3_600_000;
const T0 = Date.UTC(2021, 3, 1);
/** One well-formed 12-column kline row. */
function row(t: number, o = '10.5', h = '11', l = '10', c = '10.75', v = '3.25'): string {
  return [t, o, h, l, c, v, t + H - 1, '34.5', '7', '1.5', '15.75', '0'].join(',');
}
const rows = (n: number, start = T0) => Array.from({ length: n }, (_, i) => row(start + i * H));

describe('parseKlineCsv on real Data Vision files', () => {
  it('BTCUSDT-1h-2021-04 (no header): 715 rows, every field equals Number() of its text', () => {
    const text = fs.readFileSync(path.join(SPOT_MONTHLY, 'BTCUSDT-1h-2021-04.csv'), 'utf8');
    const ref = referenceParse(text);
    expect(ref.header).toBeNull();
    const parsed = parseText(text);
    expect(parsed.time.length).toBe(715);
    expectSameAsReference(parsed, ref.rows);
    expect(parsed.time[0]).toBe(Date.UTC(2021, 3, 1));
    expect(parsed.time[714]).toBe(Date.UTC(2021, 3, 30, 23));
    // Spot prices have 8 decimals: spot-check one value against its text.
    expect(parsed.open[0]).toBe(58739.46);
    expect(parsed.takerBuyQuote![0]).toBe(53894606.46228596);
    expect(parsed.trades![0]).toBe(68073);
  });

  it('BTCUSDT-1h-2023-01 (header): 744 rows after the header', () => {
    const text = fs.readFileSync(path.join(SPOT_MONTHLY, 'BTCUSDT-1h-2023-01.csv'), 'utf8');
    const ref = referenceParse(text);
    expect(ref.header).toMatch(/^open_time,open,high/);
    const parsed = parseText(text);
    expect(parsed.time.length).toBe(744);
    expectSameAsReference(parsed, ref.rows);
    expect(parsed.time[0]).toBe(Date.UTC(2023, 0, 1));
    expect(parsed.time[743]).toBe(Date.UTC(2023, 0, 31, 23));
  });

  it.each([
    ['LINKUSDT/1m/LINKUSDT-1m-2023-02.csv', 40320, true, Date.UTC(2023, 1, 1)],
    ['AVAXUSDT/1m/AVAXUSDT-1m-2026-07.csv', 44640, true, Date.UTC(2026, 6, 1)],
    ['BTCUSDT/5m/BTCUSDT-5m-2022-04.csv', 8640, false, Date.UTC(2022, 3, 1)],
  ])(
    'USD-M futures %s: %d rows (header: %s), milliseconds, same as Number()',
    (file, n, hasHeader, first) => {
      const text = fs.readFileSync(path.join(FUTURES_MONTHLY, file), 'utf8');
      const ref = referenceParse(text);
      expect(ref.header !== null).toBe(hasHeader);
      const parsed = parseText(text);
      expect(parsed.time.length).toBe(n);
      expectSameAsReference(parsed, ref.rows);
      expect(parsed.time[0]).toBe(first);
    },
  );

  it('every spot BTCUSDT 1h monthly file parses exactly like Number()', () => {
    const files = fs.readdirSync(SPOT_MONTHLY).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThanOrEqual(50);
    let total = 0;
    for (const file of files) {
      const text = fs.readFileSync(path.join(SPOT_MONTHLY, file), 'utf8');
      const parsed = parseText(text);
      expectSameAsReference(parsed, referenceParse(text).rows);
      total += parsed.time.length;
    }
    expect(total).toBeGreaterThan(30_000);
  });

  it('keeps the misaligned 2018-02 candle 1518168494789 exactly', () => {
    const parsed = parseText(fs.readFileSync(path.join(SPOT_MONTHLY, 'BTCUSDT-1h-2018-02.csv'), 'utf8'));
    const times = Array.from(parsed.time);
    const at = times.indexOf(1518168494789);
    expect(at).toBeGreaterThan(0);
    expect(new Date(parsed.time[at]).toISOString()).toBe('2018-02-09T09:28:14.789Z');
    // The outage before it: the previous bar is 2018-02-08 00:00 or earlier.
    expect(parsed.time[at - 1]).toBeLessThanOrEqual(Date.UTC(2018, 1, 8));
    // Later bars stay misaligned for a while, and times strictly increase throughout.
    expect(parsed.time[at + 1] % H).not.toBe(0);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
  });

  it('the 2017 files with a non-zero `ignore` column parse (the column is not kept)', () => {
    const text = fs.readFileSync(path.join(SPOT_MONTHLY, 'BTCUSDT-1h-2017-08.csv'), 'utf8');
    const ref = referenceParse(text);
    expect(ref.rows.some((r) => r[11] !== 0)).toBe(true);
    const parsed = parseText(text);
    expect(parsed.time.length).toBe(356);
    expectSameAsReference(parsed, ref.rows);
    expect(Object.keys(parsed).sort()).toEqual([
      'close',
      'high',
      'low',
      'open',
      'quoteVolume',
      'takerBuyBase',
      'takerBuyQuote',
      'time',
      'trades',
      'volume',
    ]);
  });

  it('daily zip BTCUSDT-1h-2026-05-08 has microsecond times, normalised to milliseconds', () => {
    const [entry] = readZipEntries(fs.readFileSync(path.join(SPOT_DAILY, '1h/BTCUSDT-1h-2026-05-08.zip')));
    const text = entry.data.toString('utf8');
    expect(text.startsWith('1778198400000000,')).toBe(true);
    const parsed = parseKlineCsv(entry.data);
    expect(parsed.time.length).toBe(24);
    expect(parsed.time[0]).toBe(Date.UTC(2026, 4, 8));
    expect(new Date(parsed.time[0]).toISOString()).toBe('2026-05-08T00:00:00.000Z');
    for (let i = 0; i < 24; i++) expect(parsed.time[i]).toBe(Date.UTC(2026, 4, 8, i));
    expectSameAsReference(parsed, referenceParse(text).rows);
  });

  it('daily zip BTCUSDT-1m-2020-01-01 has millisecond times', () => {
    const [entry] = readZipEntries(fs.readFileSync(path.join(SPOT_DAILY, '1m/BTCUSDT-1m-2020-01-01.zip')));
    const parsed = parseKlineCsv(entry.data);
    expect(parsed.time.length).toBe(1440);
    expect(parsed.time[0]).toBe(Date.UTC(2020, 0, 1));
    expect(parsed.time[1439]).toBe(Date.UTC(2020, 0, 1, 23, 59));
    expectSameAsReference(parsed, referenceParse(entry.data.toString('utf8')).rows);
  });
});

describe('parseKlineCsv number parsing', () => {
  it('matches Number() for awkward decimals (fast and slow paths)', () => {
    const values = [
      '0',
      '0.0',
      '0.1',
      '0.30000000',
      '1.',
      '.5',
      '-0.5',
      '-0',
      '123456789.12345678',
      '9007199254740991',
      '9007199254740993',
      '12345678901234567890.5',
      '0.00000000000000000000001',
      '0.1234567890123456789012345',
      '1e3',
      '2.5E-3',
      '00012.50',
      '4503599627370497.5',
    ];
    // Deterministic pseudo-random decimals with up to 17 significant digits and up to 10 decimals.
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const intDigits = Math.floor(rand() * 9);
      const decDigits = Math.floor(rand() * 11);
      let s = '';
      for (let d = 0; d < intDigits; d++) s += Math.floor(rand() * 10);
      if (s === '') s = '0';
      if (decDigits > 0) {
        s += '.';
        for (let d = 0; d < decDigits; d++) s += Math.floor(rand() * 10);
      }
      values.push(s);
    }
    // Put each value in the open, low and taker-buy-quote columns (high is kept above low).
    const text = values
      .map((v, i) => [T0 + i * H, v, '1e30', v, '1', '1', 0, v, '1', '1', v, '0'].join(','))
      .join('\n');
    const parsed = parseText(text);
    expect(parsed.time.length).toBe(values.length);
    const bad = values.filter(
      (v, i) => !Object.is(parsed.open[i], Number(v)) || !Object.is(parsed.takerBuyQuote![i], Number(v)),
    );
    expect(bad).toEqual([]);
    expect(Object.is(parsed.open[values.indexOf('-0')], -0)).toBe(true);
  });
});

describe('parseKlineCsv accepted layouts', () => {
  const expected = parseText(`${rows(3).join('\n')}\n`);

  it('returns exactly the rows, with all ten columns', () => {
    expect(expected.time.length).toBe(3);
    expect(Array.from(expected.time)).toEqual([T0, T0 + H, T0 + 2 * H]);
    expect(Array.from(expected.open)).toEqual([10.5, 10.5, 10.5]);
    expect(Array.from(expected.high)).toEqual([11, 11, 11]);
    expect(Array.from(expected.low)).toEqual([10, 10, 10]);
    expect(Array.from(expected.close)).toEqual([10.75, 10.75, 10.75]);
    expect(Array.from(expected.volume)).toEqual([3.25, 3.25, 3.25]);
    expect(Array.from(expected.quoteVolume!)).toEqual([34.5, 34.5, 34.5]);
    expect(Array.from(expected.trades!)).toEqual([7, 7, 7]);
    expect(Array.from(expected.takerBuyBase!)).toEqual([1.5, 1.5, 1.5]);
    expect(Array.from(expected.takerBuyQuote!)).toEqual([15.75, 15.75, 15.75]);
    for (const name of EXTRA_COLUMNS) expect(expected[name]!.length).toBe(3);
  });

  it.each([
    ['CRLF line ends', `${rows(3).join('\r\n')}\r\n`],
    ['no final newline', rows(3).join('\n')],
    ['CRLF and no final newline', rows(3).join('\r\n')],
    ['trailing blank lines', `${rows(3).join('\n')}\n\n\r\n\n`],
    [
      'a header',
      `open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore\n${rows(3).join('\n')}\n`,
    ],
    ['a BOM and a CRLF header', `\uFEFFopen_time,open,high\r\n${rows(3).join('\r\n')}`],
  ])('accepts %s', (_label, text) => {
    const parsed = parseText(text);
    for (const name of Object.keys(CSV_INDEX) as (keyof BarColumns)[]) {
      expect(Array.from(parsed[name]!), name).toEqual(Array.from(expected[name]!));
    }
  });

  it('returns empty columns for an empty file or a header alone', () => {
    expect(parseText('').time.length).toBe(0);
    expect(parseText('open_time,open\n').time.length).toBe(0);
    expect(parseText('\n').time.length).toBe(0);
  });

  it('normalises microsecond times to milliseconds', () => {
    const us = (ms: number) =>
      [ms * 1000, '1', '2', '0.5', '1', '1', ms * 1000 + 999, '1', '1', '1', '1', '0'].join(',');
    const parsed = parseText([us(T0), us(T0 + H)].join('\n'));
    expect(Array.from(parsed.time)).toEqual([T0, T0 + H]);
  });
});

describe('parseKlineCsv refusals', () => {
  it('a row with too few columns, naming the line', () => {
    const lines = rows(3);
    lines[1] = lines[1].split(',').slice(0, 11).join(',');
    const err = parseError(lines.join('\n'));
    expect(err.line).toBe(2);
    expect(err.message).toBe('expected 12 columns, found 11 (truncated or not a kline file)');
  });

  it('a row with too many columns, naming the line', () => {
    const lines = rows(3);
    lines[2] += ',0';
    const err = parseError(lines.join('\n'));
    expect(err.line).toBe(3);
    expect(err.message).toBe('expected 12 columns, found more');
    expect(parseError(`${row(T0)},`).line).toBe(1); // a trailing comma is a 13th, empty column
  });

  it('line numbers count the header line', () => {
    const lines = rows(3);
    lines[1] = lines[1].split(',').slice(0, 6).join(',');
    const err = parseError(`open_time,open,high,low,close,volume\n${lines.join('\n')}`);
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/found 6/);
  });

  it('high below low, naming the line', () => {
    const lines = rows(4);
    lines[3] = row(T0 + 3 * H, '10', '9.5', '9.75', '9.6');
    const err = parseError(lines.join('\n'));
    expect(err.line).toBe(4);
    expect(err.message).toBe('high 9.5 is below low 9.75');
  });

  it('high equal to low is fine', () => {
    expect(parseText(row(T0, '5', '5', '5', '5')).high[0]).toBe(5);
  });

  it('a time equal to the previous one', () => {
    const err = parseError([row(T0), row(T0 + H), row(T0 + H)].join('\n'));
    expect(err.line).toBe(3);
    expect(err.message).toBe(
      `open time ${new Date(T0 + H).toISOString()} does not come after the previous row's`,
    );
  });

  it('a time before the previous one', () => {
    const err = parseError([row(T0 + H), row(T0)].join('\r\n'));
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/does not come after the previous row's/);
  });

  it('a millisecond row after microsecond rows (the unit is fixed by the first row)', () => {
    const us = [T0 * 1000, '1', '2', '0.5', '1', '1', 0, '1', '1', '1', '1', '0'].join(',');
    expect(parseError([us, row(T0 + H)].join('\n')).line).toBe(2);
  });

  it.each([
    ['letters', 'abc', 3],
    ['empty', '', 3],
    ['NaN', 'NaN', 3],
    ['Infinity', 'Infinity', 3],
    ['overflow', '1e400', 3],
    ['two dots', '1.2.3', 3],
    ['a lone minus', '-', 3],
    ['a lone dot', '.', 3],
    ['blanks', '  ', 3],
    ['a thousands separator', '1_000', 3],
  ])('a non-numeric field (%s) names the line and column', (_label, value, column) => {
    const lines = rows(3);
    const fields = lines[1].split(',');
    fields[column - 1] = value;
    lines[1] = fields.join(',');
    const err = parseError(lines.join('\n'));
    expect(err.line).toBe(2);
    expect(err.message).toBe(`column ${column} is not a number: "${value}"`);
  });

  it('a non-numeric time in the first column of a later row', () => {
    const err = parseError([row(T0), 'x'.repeat(100)].join('\n'));
    expect(err.line).toBe(2);
    expect(err.message).toBe(`column 1 is not a number: "${'x'.repeat(40)}"`);
  });

  it('a negative volume', () => {
    const err = parseError([row(T0), row(T0 + H, '1', '2', '0.5', '1', '-0.1')].join('\n'));
    expect(err.line).toBe(2);
    expect(err.message).toBe('negative volume -0.1');
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('an empty line in the middle (%s)', (_label, eol) => {
    const lines = rows(4);
    const text = [lines[0], lines[1], '', lines[2], lines[3]].join(eol);
    const err = parseError(text);
    expect(err.line).toBe(3);
    expect(err.message).toBe('empty line inside the data');
  });

  it('errors are KlineParseError with a line and plain Error semantics', () => {
    const err = parseError('1,2\n');
    expect(err).toBeInstanceOf(Error);
    expect(err.line).toBe(1);
  });
});
