import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dayBarTimes, minuteBarTimes } from '../../src/core/ingest/polygon/bar-times.js';
import { FlatFileRejected } from '../../src/core/ingest/polygon/flat-file-rejected.js';
import { readAggsFile } from '../../src/core/ingest/polygon/read-aggs-file.js';
import {
  dayAggsCsv,
  gzipText,
  minuteAggsCsv,
  withBadCrc,
  withLineEdited,
} from '../helpers/s3-flatfiles/flat-file-format.js';
import {
  leanMinutes,
  newYorkMidnight,
  yahooMinutes,
  type SourceMinute,
} from '../helpers/s3-flatfiles/source-minutes.js';

/** A body that arrives in small pieces, so lines and gzip blocks straddle chunk boundaries. */
function body(gzip: Buffer, chunkSize = 997): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < gzip.length; i += chunkSize) pieces.push(gzip.subarray(i, i + chunkSize));
  return Readable.from(pieces);
}

const feb3 = ['AAPL', 'MSFT', 'TSLA'].flatMap((t) =>
  yahooMinutes(t as 'AAPL').filter((m) => m.date === '2025-02-03'),
);
const spyOct4 = leanMinutes('SPY', '20131004');

/** Minutes between 09:30 and 16:00 New York, by wall clock (the session on these ordinary days). */
function regular(minutes: SourceMinute[]): SourceMinute[] {
  return minutes.filter((m) => {
    const sinceMidnight = m.time - newYorkMidnight(m.date);
    return sinceMidnight >= 9.5 * 3_600_000 && sinceMidnight < 16 * 3_600_000;
  });
}

function expectBars(actual: Record<string, Float64Array | undefined>, expected: SourceMinute[]): void {
  expect(Array.from(actual.time!)).toEqual(expected.map((m) => m.time));
  for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
    expect(Array.from(actual[name]!), name).toEqual(expected.map((m) => parseFloat(m[name])));
  }
}

async function rejection(promise: Promise<unknown>): Promise<FlatFileRejected> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FlatFileRejected);
  return err as FlatFileRejected;
}

describe('readAggsFile', () => {
  it('keeps only the requested tickers, with the exact values of the text', async () => {
    const content = await readAggsFile(body(gzipText(minuteAggsCsv(feb3))), {
      tickers: new Set(['MSFT', 'NVDA']),
      barTime: minuteBarTimes('2025-02-03', false),
    });
    expect([...content.bars.keys()]).toEqual(['MSFT']);
    expect([...content.tickersFound]).toEqual(['MSFT']);
    expect(content.rows).toBe(feb3.length);
    const msft = feb3.filter((m) => m.ticker === 'MSFT').sort((a, b) => a.time - b.time);
    const bars = content.bars.get('MSFT')!;
    expectBars(bars, msft);
    // No trade counts in the source: unknown, not zero; the Binance-only extras are "not provided".
    expect(Array.from(bars.trades!).every(Number.isNaN)).toBe(true);
    expect(Array.from(bars.quoteVolume!).every(Number.isNaN)).toBe(true);
  });

  it('keeps the regular session of a minute file unless extended hours are asked for', async () => {
    const gzip = gzipText(minuteAggsCsv(spyOct4));
    const tickers = new Set(['SPY']);
    const regularOnly = await readAggsFile(body(gzip), {
      tickers,
      barTime: minuteBarTimes('2013-10-04', false),
    });
    expect(regular(spyOct4).length).toBeGreaterThan(300);
    expect(regular(spyOct4).length).toBeLessThan(spyOct4.length);
    expectBars(regularOnly.bars.get('SPY')!, regular(spyOct4));
    expect(regularOnly.barsOutsideSession).toBe(spyOct4.length - regular(spyOct4).length);

    const extended = await readAggsFile(body(gzip), { tickers, barTime: minuteBarTimes('2013-10-04', true) });
    expectBars(extended.bars.get('SPY')!, spyOct4);
    expect(extended.barsOutsideSession).toBe(0);
  });

  it('stamps day bars at 00:00 UTC of the New York date', async () => {
    const content = await readAggsFile(body(gzipText(dayAggsCsv(feb3))), {
      tickers: new Set(['AAPL', 'TSLA']),
      barTime: dayBarTimes('2025-02-03'),
    });
    const aapl = content.bars.get('AAPL')!;
    expect(Array.from(aapl.time)).toEqual([Date.parse('2025-02-03T00:00:00Z')]);
    const minutes = feb3.filter((m) => m.ticker === 'AAPL');
    expect(aapl.open[0]).toBe(parseFloat(minutes[0].open));
    expect(aapl.high[0]).toBe(Math.max(...minutes.map((m) => parseFloat(m.high))));
    expect(aapl.volume[0]).toBe(minutes.reduce((sum, m) => sum + Number(m.volume), 0));
  });

  it('rejects a gzip whose checksum fails, even though every row parsed', async () => {
    const csv = minuteAggsCsv(feb3);
    const err = await rejection(
      readAggsFile(body(withBadCrc(gzipText(csv))), {
        tickers: new Set(['AAPL']),
        barTime: minuteBarTimes('2025-02-03', false),
      }),
    );
    expect(err.message).toMatch(/^corrupt gzip: incorrect data check/);
    // The damage shows only in the trailer: the line reached is deep in the file, near its end.
    expect(err.line).toBeGreaterThan(csv.split('\n').length - 20);
    expect(err.line).toBeLessThanOrEqual(csv.split('\n').length);
  });

  it('rejects a truncated gzip and a file that is not gzip at all', async () => {
    const gzip = gzipText(minuteAggsCsv(feb3));
    const options = { tickers: new Set(['AAPL']), barTime: minuteBarTimes('2025-02-03', false) };
    const truncated = await rejection(readAggsFile(body(gzip.subarray(0, gzip.length >> 1)), options));
    expect(truncated.message).toMatch(/^corrupt gzip: unexpected end of file/);
    expect(truncated.line).toBeGreaterThan(100);
    const plain = await rejection(readAggsFile(body(Buffer.from(minuteAggsCsv(feb3))), options));
    expect(plain.message).toMatch(/^corrupt gzip: incorrect header check/);
  });

  it('rejects a malformed row of a requested ticker with its line', async () => {
    const csv = withLineEdited(minuteAggsCsv(feb3), 57, (f) => [
      f[0],
      f[1],
      f[2],
      f[3],
      f[5],
      f[4],
      f[6],
      f[7],
    ]);
    const err = await rejection(
      readAggsFile(body(gzipText(csv)), {
        tickers: new Set(['AAPL']),
        barTime: minuteBarTimes('2025-02-03', false),
      }),
    );
    expect(err.line).toBe(57);
    expect(err.message).toMatch(/^AAPL: high .* is below low/);
  });

  it('rejects a row with the wrong field count even for a ticker not asked for', async () => {
    const csv = minuteAggsCsv(feb3);
    const tslaLine = csv.split('\n').findIndex((l) => l.startsWith('TSLA,')) + 1 + 10;
    const edited = withLineEdited(csv, tslaLine, (f) => f.slice(0, 7));
    const err = await rejection(
      readAggsFile(body(gzipText(edited)), {
        tickers: new Set(['AAPL']),
        barTime: minuteBarTimes('2025-02-03', false),
      }),
    );
    expect(err.line).toBe(tslaLine);
    expect(err.message).toMatch(/expected 8 comma-separated fields .* found 7/);
  });

  it('rejects two bars of one ticker at the same time, naming both lines', async () => {
    const csv = minuteAggsCsv(feb3);
    const lines = csv.split('\n');
    const edited = [...lines.slice(0, 5), lines[2], ...lines.slice(5)].join('\n');
    const err = await rejection(
      readAggsFile(body(gzipText(edited)), {
        tickers: new Set(['AAPL']),
        barTime: minuteBarTimes('2025-02-03', false),
      }),
    );
    expect(err.message).toMatch(/^AAPL has two bars at 2025-02-03T14:31:00.000Z \(lines 3 and 6\)/);
  });

  it('rejects a bar from another day than the file is for', async () => {
    const err = await rejection(
      readAggsFile(body(gzipText(minuteAggsCsv(feb3))), {
        tickers: new Set(['AAPL']),
        barTime: minuteBarTimes('2025-02-04', false),
      }),
    );
    expect(err.line).toBe(2);
    expect(err.message).toMatch(/is on 2025-02-03 \(New York\), not on the file's day 2025-02-04/);
  });

  it('rejects an empty file and a header it cannot map', async () => {
    const options = { tickers: new Set(['AAPL']), barTime: minuteBarTimes('2025-02-03', false) };
    expect((await rejection(readAggsFile(body(gzipText('')), options))).message).toMatch(/empty/);
    const noHeader = minuteAggsCsv(feb3).split('\n').slice(1).join('\n');
    const err = await rejection(readAggsFile(body(gzipText(noHeader)), options));
    expect(err.line).toBe(1);
    expect(err.message).toMatch(/lacks/);
  });
});
