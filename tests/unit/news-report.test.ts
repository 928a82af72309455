import { describe, expect, it } from 'vitest';
import type { Job, NewsItem } from '../../src/shared/contract/index.js';
import { formatNewsReport, formatScore, headlineLine } from '../../src/cli/news-report.js';

const job = (summary: Record<string, unknown>, extra: Partial<Job> = {}): Job =>
  ({
    id: 7,
    kind: 'fetch-news',
    status: 'done',
    params: {},
    progress: null,
    summary,
    issues: [],
    error: null,
    createdAt: '2025-02-25T12:00:00.000Z',
    startedAt: '2025-02-25T12:00:00.000Z',
    endedAt: '2025-02-25T12:00:01.000Z',
    ...extra,
  }) as Job;

// As stored from the recorded BABA search fixture.
const retreating: NewsItem = {
  id: '7092be36-8951-3514-b6cf-6d3b19c36fcb',
  tickers: ['BABA'],
  title: 'Why Alibaba (BABA) Stock Is Retreating Today',
  publisher: 'Insider Monkey',
  link: 'https://finance.yahoo.com/news/why-alibaba-baba-stock-retreating-162618032.html',
  publishedAt: '2025-02-24T16:26:18.000Z',
  seenAt: '2025-02-25T12:00:00.500Z',
  sentiment: -1,
  positiveWords: 0,
  negativeWords: 1,
};

describe('news fetch report', () => {
  it('gives counts, failed tickers, the newest headlines with scores, notes and problems', () => {
    const lines = formatNewsReport(
      job(
        {
          requests: 3,
          headlinesStored: 4,
          headlinesSeen: 8,
          tickersFailed: ['ZZZZ'],
          notes: ['1 headline(s) skipped: no title (cannot be stored as a point-in-time record).'],
        },
        { issues: [{ subject: 'ZZZZ', message: 'Yahoo search for ZZZZ failed: HTTP 500' }] },
      ),
      [retreating],
    );
    expect(lines).toEqual([
      'News fetch done: 8 headlines seen, 4 new stored (4 already known); 3 requests.',
      'Failed tickers: ZZZZ.',
      '',
      'Newest headlines (score: lexicon sentiment, −1 to +1):',
      '  2025-02-24 16:26Z  −1.00  BABA  Why Alibaba (BABA) Stock Is Retreating Today (Insider Monkey)',
      '',
      'Note: 1 headline(s) skipped: no title (cannot be stored as a point-in-time record).',
      'Problems (1):',
      '  ZZZZ: Yahoo search for ZZZZ failed: HTTP 500',
    ]);
  });

  it('says so when the job ended without a readable summary, and lists no headlines when none', () => {
    expect(formatNewsReport(job({}, { status: 'failed' }), [])).toEqual(['News fetch failed.']);
  });

  it('formats scores with a sign and cuts long titles', () => {
    expect([formatScore(1), formatScore(-0.5), formatScore(0), formatScore(1 / 3)]).toEqual([
      '+1.00',
      '−0.50',
      ' 0.00',
      '+0.33',
    ]);
    const long = headlineLine({ ...retreating, title: 'x'.repeat(120), publisher: null });
    expect(long).toBe(`2025-02-24 16:26Z  −1.00  BABA  ${'x'.repeat(89)}…`);
  });
});
