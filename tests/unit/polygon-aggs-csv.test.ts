import { describe, expect, it } from 'vitest';
import { fieldAt, fieldCount, mapAggsHeader, parseAggRow } from '../../src/core/ingest/polygon/aggs-csv.js';
import { FlatFileRejected } from '../../src/core/ingest/polygon/flat-file-rejected.js';

const HEADER = 'ticker,volume,open,close,high,low,window_start,transactions';
const header = mapAggsHeader(HEADER);
const parse = (line: string, at = 7) => parseAggRow(line.split(','), header, at);

function rejection(fn: () => unknown): FlatFileRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof FlatFileRejected) return err;
    throw err;
  }
  throw new Error('expected a FlatFileRejected');
}

describe('flat-file header', () => {
  it('maps the columns by name, in any order', () => {
    expect(header.index).toEqual({
      ticker: 0,
      volume: 1,
      open: 2,
      close: 3,
      high: 4,
      low: 5,
      window_start: 6,
      transactions: 7,
    });
    const shuffled = mapAggsHeader('\uFEFFWindow_Start,ticker,open,high,low,close,volume,transactions,otc');
    expect(shuffled.index.window_start).toBe(0);
    expect(shuffled.index.close).toBe(5);
    expect(shuffled.width).toBe(9);
    const row = parseAggRow(
      '1704205800000000000,AAPL,187.15,188.44,183.885,185.64,82488674,1008871,'.split(','),
      shuffled,
      2,
    );
    expect(row).toMatchObject({ ticker: 'AAPL', open: 187.15, high: 188.44, low: 183.885, close: 185.64 });
  });

  it('names the missing or repeated columns, on line 1', () => {
    const missing = rejection(() => mapAggsHeader('ticker,volume,open,close,high,low'));
    expect(missing.line).toBe(1);
    expect(missing.message).toMatch(/lacks window_start, transactions/);
    expect(rejection(() => mapAggsHeader(`${HEADER},open`)).message).toMatch(/"open" twice/);
  });
});

describe('flat-file rows', () => {
  it('keeps the values the text writes, exactly', () => {
    const row = parse('AAPL,4930,185.6,185.64,185.7,185.55,1704205800000000000,82');
    expect(row).toEqual({
      ticker: 'AAPL',
      time: 1704205800000,
      open: 185.6,
      high: 185.7,
      low: 185.55,
      close: 185.64,
      volume: 4930,
      trades: 82,
    });
    expect(parse('SPY,1e3,0.0001,.5,1.5E2,0.0001,1704205800000000000,').trades).toBeNaN();
  });

  it.each([
    ['AAPL,4930,abc,185.64,185.7,185.55,1704205800000000000,82', /open "abc" is not a number/],
    ['AAPL,4930,185.6,185.64,185.7,,1704205800000000000,82', /low "" is not a number/],
    ['AAPL,-4930,185.6,185.64,185.7,185.55,1704205800000000000,82', /volume -4930 is negative/],
    ['AAPL,4930,185.6,185.64,185.5,185.55,1704205800000000000,82', /AAPL: high 185.5 is below low 185.55/],
    ['AAPL,4930,185.6,185.64,185.7,185.55,1704205800000000001,82', /not a whole millisecond/],
    ['AAPL,4930,185.6,185.64,185.7,185.55,2024-01-02,82', /not a whole number of nanoseconds/],
    [
      'AAPL,4930,185.6,185.64,185.7,185.55,1704205800000000000,8.5',
      /transactions "8.5" is not a whole number/,
    ],
    [',4930,185.6,185.64,185.7,185.55,1704205800000000000,82', /ticker is empty/],
  ])('rejects %s with the line number', (line, message) => {
    const err = rejection(() => parse(line, 42));
    expect(err.line).toBe(42);
    expect(err.message).toMatch(message);
  });

  it('counts and picks fields without splitting', () => {
    expect(fieldCount('a,b,,d')).toBe(4);
    expect(fieldCount('')).toBe(1);
    expect(fieldAt('a,b,,d', 0)).toBe('a');
    expect(fieldAt('a,b,,d', 2)).toBe('');
    expect(fieldAt('a,b,,d', 3)).toBe('d');
    expect(fieldAt('a,b', 5)).toBe('');
  });
});
