import { describe, expect, it } from 'vitest';
import type { CoverageDay, CredentialsStatus } from '../../src/shared/contract/index.js';
import {
  buildCredentialsPatch,
  describeSecretSource,
  polygonSecrets,
  secretGroupState,
} from '../../src/renderer/lib/credentials.js';
import { formatJobKind } from '../../src/renderer/lib/format.js';
import {
  buildHeatmap,
  completeness,
  emptyCellKind,
  isWeekend,
  stockDayRange,
} from '../../src/renderer/lib/heatmap.js';
import { filterByMarket, marketShortLabel, marketsPresent } from '../../src/renderer/lib/market-label.js';
import { newsFilterChoices } from '../../src/renderer/lib/news-view.js';
import {
  formatSentiment,
  sentimentColor,
  sentimentTitle,
  sentimentTone,
} from '../../src/renderer/lib/sentiment.js';
import { showsTransfer, summaryView } from '../../src/renderer/lib/summary-view.js';
import { formatUsd, formatUsdCompact } from '../../src/renderer/lib/usd-format.js';

const status = (
  canStore: boolean,
  sources: Record<string, 'env' | 'stored' | 'none'>,
): CredentialsStatus => ({
  canStore,
  items: [
    ['polygonS3AccessKey', 'POLYGON_S3_ACCESS_KEY'],
    ['polygonS3SecretKey', 'POLYGON_S3_SECRET_KEY'],
    ['coingeckoApiKey', 'COINGECKO_API_KEY'],
  ].map(([name, envName]) => {
    const source = sources[name] ?? 'none';
    return { name: name as never, envName, source, configured: source !== 'none' };
  }),
});

describe('credentials status', () => {
  it('says where configured keys come from, naming variables but no value', () => {
    const state = secretGroupState(
      status(false, { polygonS3AccessKey: 'env', polygonS3SecretKey: 'env' }),
      polygonSecrets,
    );
    expect(state).toMatchObject({ configured: true, source: 'env', missing: [] });
    expect(state.message).toBe(
      'Credentials configured: from the environment (POLYGON_S3_ACCESS_KEY, POLYGON_S3_SECRET_KEY).',
    );
    const mixed = secretGroupState(
      status(true, { polygonS3AccessKey: 'env', polygonS3SecretKey: 'stored' }),
      polygonSecrets,
    );
    expect(mixed.source).toBe('mixed');
  });

  it('tells the server user which variables to set, and the desktop user where to enter them', () => {
    const server = secretGroupState(status(false, { polygonS3AccessKey: 'env' }), polygonSecrets);
    expect(server.configured).toBe(false);
    expect(server.missing.map((m) => m.envName)).toEqual(['POLYGON_S3_SECRET_KEY']);
    expect(server.message).toBe(
      'Missing the S3 secret key: set POLYGON_S3_SECRET_KEY in the environment of "tradelab serve" (or the CLI) and restart it.',
    );
    const desktop = secretGroupState(status(true, {}), polygonSecrets);
    expect(desktop.source).toBe('none');
    expect(desktop.message).toMatch(
      /^Missing the S3 access key and the S3 secret key: enter them in Settings → Data sources → Credentials, or set POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY\.$/,
    );
  });

  it('describes each source in words', () => {
    expect(describeSecretSource({ source: 'env' })).toBe('set from environment');
    expect(describeSecretSource({ source: 'stored' })).toBe('stored (encrypted)');
    expect(describeSecretSource({ source: 'none' })).toBe('not set');
  });

  it('sends typed secrets trimmed, leaves blank ones alone, and removes with null', () => {
    expect(
      buildCredentialsPatch({
        polygonS3AccessKey: '  AKIA123 ',
        polygonS3SecretKey: '   ',
        coingeckoApiKey: '',
      }),
    ).toEqual({ polygonS3AccessKey: 'AKIA123' });
    expect(buildCredentialsPatch({}, ['coingeckoApiKey'])).toEqual({ coingeckoApiKey: null });
  });
});

describe('sentiment badge', () => {
  it('reads the direction from the score', () => {
    expect(sentimentTone(0.5)).toBe('positive');
    expect(sentimentTone(-0.2)).toBe('negative');
    expect(sentimentTone(0)).toBe('neutral');
    expect(formatSentiment(0.5)).toBe('+0.50');
    expect(formatSentiment(-1 / 3)).toBe('\u22120.33');
    expect(formatSentiment(0)).toBe('0.00');
    expect(formatSentiment(-0.001)).toBe('0.00');
  });

  it('colours green for positive, red for negative, grey without hits, stronger with the score', () => {
    expect(sentimentColor(0)).toBe('hsl(220 10% 35%)');
    expect(sentimentColor(1)).toBe('hsl(140 70% 40%)');
    expect(sentimentColor(-1)).toBe('hsl(0 70% 40%)');
    expect(sentimentColor(0.2)).not.toBe(sentimentColor(0.9));
  });

  it('explains the score in its tooltip', () => {
    expect(sentimentTitle({ sentiment: 0.5, positiveWords: 3, negativeWords: 1 })).toBe(
      'Finance lexicon: 3 positive, 1 negative words; score (positive − negative) / (positive + negative) = +0.50.',
    );
    expect(sentimentTitle({ sentiment: 0, positiveWords: 0, negativeWords: 0 })).toMatch(
      /^No finance-lexicon words/,
    );
  });

  it('offers the ticker list, tickers on the headlines and the picked one, sorted, once each', () => {
    expect(newsFilterChoices(['MSFT', 'AAPL'], [['AAPL', 'GOOGL'], ['ZM']])).toEqual([
      'AAPL',
      'GOOGL',
      'MSFT',
      'ZM',
    ]);
    expect(newsFilterChoices(null, [])).toEqual([]);
  });
});

describe('job summaries', () => {
  it('lays out a flat-file summary with warnings and the tickers not found', () => {
    const view = summaryView('fetch-polygon', {
      filesPlanned: 44,
      filesDownloaded: 40,
      filesUpToDate: 0,
      filesAbsent: 2,
      filesRejected: 1,
      filesFailed: 1,
      bytesDownloaded: 3072,
      retries: 3,
      barsStored: 31_200,
      tickersNotFound: ['ZZZZ'],
      notes: ['2024-01-15 is a holiday'],
    });
    expect(view).not.toBeNull();
    const stat = (field: string) => view!.stats.find((s) => s.field === field);
    expect(stat('filesRejected')).toMatchObject({ value: 1, warn: true });
    expect(stat('filesAbsent')).toMatchObject({ value: 2, warn: false });
    expect(stat('bytesDownloaded')?.text).toBe('3 KB');
    expect(stat('barsStored')?.text).toBe('31,200');
    expect(view!.lists).toEqual([
      { name: 'Tickers in no file of the range', field: 'tickersNotFound', items: ['ZZZZ'], warn: true },
    ]);
    expect(view!.notes).toEqual(['2024-01-15 is a holiday']);
  });

  it('lists CoinGecko snapshots and leaves out empty lists', () => {
    const view = summaryView('fetch-coingecko', {
      requests: 2,
      snapshots: [
        { kind: 'markets', id: 3, items: 250 },
        { kind: 'trending', id: 4, items: 15 },
      ],
      notes: [],
    });
    expect(view!.lists[0].items).toEqual(['markets #3: 250 coins', 'trending #4: 15 coins']);
    const news = summaryView('fetch-news', {
      requests: 1,
      headlinesStored: 5,
      headlinesSeen: 8,
      tickersFailed: [],
      notes: [],
    });
    expect(news!.lists).toEqual([]);
  });

  it('returns null for a summary of another shape (shown raw) and for unknown kinds', () => {
    expect(summaryView('fetch-yahoo', { barsStored: 1 })).toBeNull();
    expect(summaryView('compute-quality', { reports: 1 })).toBeNull();
  });

  it('shows transfer progress only for jobs that move bars', () => {
    expect(showsTransfer('fetch-polygon')).toBe(true);
    expect(showsTransfer('fetch-yahoo')).toBe(true);
    expect(showsTransfer('fetch-news')).toBe(false);
    expect(showsTransfer('fetch-coingecko')).toBe(false);
  });

  it('names the sources in job kinds', () => {
    expect(formatJobKind('fetch-polygon')).toBe('Fetch Polygon');
    expect(formatJobKind('fetch-coingecko')).toBe('Fetch CoinGecko');
    expect(formatJobKind('fetch-yahoo')).toBe('Fetch Yahoo');
  });
});

describe('coverage with stocks', () => {
  const day = (symbol: string, market: CoverageDay['market'], d: string, bars: number, expected: number) => ({
    symbol,
    market,
    interval: '1m',
    day: d,
    bars,
    expected,
    gaps: 0,
  });
  const days: CoverageDay[] = [
    day('AAPL', 'stock', '2024-01-05', 390, 390),
    day('AAPL', 'stock', '2024-11-29', 210, 210),
    day('BTCUSDT', 'crypto-spot', '2024-01-05', 1440, 1440),
    day('BTCUSDT', 'crypto-perp', '2024-01-06', 720, 1440),
  ];

  it('measures a stock day against its session (the core sets expected)', () => {
    expect(completeness(days[0])).toBe(1);
    expect(completeness(days[1])).toBe(1); // an early close, complete at 210 bars
    expect(completeness(days[3])).toBe(0.5);
  });

  it('filters by market kind and lists the kinds present', () => {
    expect(filterByMarket(days, 'stock').map((d) => d.day)).toEqual(['2024-01-05', '2024-11-29']);
    expect(filterByMarket(days, '')).toHaveLength(4);
    expect(marketsPresent(days)).toEqual(['stock', 'crypto-spot', 'crypto-perp']);
    expect(buildHeatmap(filterByMarket(days, 'crypto-perp')).rows.map((r) => r.key)).toEqual([
      'BTCUSDT|crypto-perp|1m',
    ]);
    expect(marketShortLabel('crypto-perp')).toBe('perp');
  });

  it('shows a stock weekend as closed, not as a hole; crypto weekends are holes', () => {
    expect(isWeekend('2024-01-06')).toBe(true); // Saturday
    expect(isWeekend('2024-01-07')).toBe(true);
    expect(isWeekend('2024-01-08')).toBe(false);
    expect(emptyCellKind('stock', '2024-01-06')).toBe('closed');
    expect(emptyCellKind('stock', '2024-01-08')).toBe('empty');
    expect(emptyCellKind('crypto-spot', '2024-01-06')).toBe('empty');
  });

  it('shows a stock holiday from the core calendar as closed, and asks for holidays only over stock days', () => {
    const closures = new Map([['2024-01-15', 'Martin Luther King Jr. Day']]);
    expect(emptyCellKind('stock', '2024-01-15', closures)).toBe('closed');
    expect(emptyCellKind('stock', '2024-01-16', closures)).toBe('empty');
    expect(emptyCellKind('crypto-spot', '2024-01-15', closures)).toBe('empty');
    const day = (symbol: string, market: CoverageDay['market'], d: string): CoverageDay => ({
      symbol,
      market,
      interval: '1m',
      day: d,
      bars: 1,
      expected: 390,
      gaps: 0,
    });
    expect(
      stockDayRange([
        day('BTCUSDT', 'crypto-spot', '2023-01-01'),
        day('AAPL', 'stock', '2024-01-12'),
        day('SPY', 'stock', '2024-01-02'),
      ]),
    ).toEqual({ from: '2024-01-02', to: '2024-01-12' });
    expect(stockDayRange([day('BTCUSDT', 'crypto-spot', '2023-01-01')])).toBeNull();
  });
});

describe('USD amounts', () => {
  it('keeps the digits that matter for prices and shortens caps and volumes', () => {
    expect(formatUsd(67012.5)).toBe('$67,012.50');
    expect(formatUsd(0.00012345)).toBe('$0.0001235');
    expect(formatUsd(null)).toBe('—');
    expect(formatUsdCompact(1.3245e12)).toBe('$1.32T');
    expect(formatUsdCompact(456.74e9)).toBe('$457B');
    expect(formatUsdCompact(12.34e6)).toBe('$12.3M');
    expect(formatUsdCompact(950)).toBe('$950');
  });
});
