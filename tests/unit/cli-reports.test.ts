import { describe, expect, it } from 'vitest';
import { coverageJson, formatCoverageTable } from '../../src/cli/coverage-table.js';
import { formatImportReport } from '../../src/cli/import-report.js';
import type { CoverageRow, Job } from '../../src/shared/contract/index.js';

const row: CoverageRow = {
  symbol: 'BTCUSDT',
  venue: 'binance',
  market: 'crypto-spot',
  interval: '1m',
  bars: 4320,
  first: '2020-01-01T00:00:00.000Z',
  last: '2020-01-03T23:59:00.000Z',
  days: 3,
  gaps: 0,
};

const job: Job = {
  id: 1,
  kind: 'import-binance-files',
  params: {},
  status: 'done',
  progress: null,
  error: null,
  summary: { filesOk: 2, filesSkipped: 1, filesRejected: 1, barsStored: 2880 },
  issues: [{ subject: '/data/bad.csv', line: 7, message: 'expected 12 columns, found 3' }],
  createdAt: '2020-01-01T00:00:00.000Z',
  startedAt: '2020-01-01T00:00:00.000Z',
  endedAt: '2020-01-01T00:00:01.500Z',
  attempts: 1,
};

describe('coverage output', () => {
  it('aligns a table with readable times and counts', () => {
    expect(
      formatCoverageTable([
        row,
        { ...row, symbol: 'ETHUSDT', interval: '1h', bars: 72, first: null, last: null },
      ]),
    ).toEqual([
      'SYMBOL   VENUE    MARKET       INTERVAL   BARS  FIRST (UTC)       LAST (UTC)        DAYS  GAPS',
      'BTCUSDT  binance  crypto-spot  1m        4,320  2020-01-01 00:00  2020-01-03 23:59     3     0',
      'ETHUSDT  binance  crypto-spot  1h           72  -                 -                    3     0',
    ]);
  });

  it('emits exactly the promised JSON fields, in order', () => {
    expect(Object.keys(coverageJson([row])[0])).toEqual([
      'symbol',
      'market',
      'interval',
      'bars',
      'first',
      'last',
      'days',
      'gaps',
    ]);
  });
});

describe('import report', () => {
  it('summarises what was stored and lists every rejected file with its reason', () => {
    expect(formatImportReport(job)).toEqual([
      'Import done: 2 files imported, 1 skipped (already stored), 1 rejected; 2,880 bars stored in 1.5s.',
      'Problems (1):',
      '  /data/bad.csv:7: expected 12 columns, found 3',
    ]);
  });

  it('still says how the job ended when there is no summary', () => {
    expect(
      formatImportReport({ ...job, status: 'failed', summary: null, issues: [], endedAt: null }),
    ).toEqual(['Import failed.']);
  });
});
