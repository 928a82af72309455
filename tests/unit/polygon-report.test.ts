import { describe, expect, it } from 'vitest';
import { formatPolygonReport } from '../../src/cli/polygon-report.js';
import type { Job, PolygonFetchSummary } from '../../src/shared/contract/index.js';

const summary: PolygonFetchSummary = {
  filesPlanned: 44,
  filesDownloaded: 38,
  filesUpToDate: 0,
  filesAbsent: 2,
  filesRejected: 1,
  filesFailed: 3,
  bytesDownloaded: 1_234_567_890,
  retries: 7,
  barsStored: 14_820,
  tickersNotFound: ['NVDQ'],
  notes: ['minute files: none for 2024-01-15 (Martin Luther King Jr. Day): the market was closed.'],
};

const job: Job = {
  id: 3,
  kind: 'fetch-polygon',
  params: {},
  status: 'done',
  progress: null,
  error: null,
  summary,
  issues: [
    {
      subject: 'us_stocks_sip/minute_aggs_v1/2024/01/2024-01-05.csv.gz',
      line: 88,
      message: 'rejected, nothing stored from this file: volume "12x4" is not a number',
    },
  ],
  createdAt: '2024-02-01T00:00:00.000Z',
  startedAt: '2024-02-01T00:00:00.000Z',
  endedAt: '2024-02-01T00:01:00.000Z',
  attempts: 1,
};

describe('formatPolygonReport', () => {
  it('gives every file outcome, the missing tickers, the notes, then each problem with key and line', () => {
    expect(formatPolygonReport(job)).toEqual([
      'Flat-file fetch done: 44 day files planned: 38 downloaded (1234.6 MB), 0 already up to date, 2 absent, 1 rejected, 3 failed; 14,820 bars stored; 7 retries.',
      'Not in any file of the range: NVDQ (check the spelling, or whether it traded then).',
      'Note: minute files: none for 2024-01-15 (Martin Luther King Jr. Day): the market was closed.',
      'Problems (1):',
      '  us_stocks_sip/minute_aggs_v1/2024/01/2024-01-05.csv.gz:88: rejected, nothing stored from this file: volume "12x4" is not a number',
    ]);
  });

  it('says only the status for a job that ended without a summary', () => {
    expect(formatPolygonReport({ ...job, status: 'failed', summary: null, issues: [] })).toEqual([
      'Flat-file fetch failed.',
    ]);
  });
});
