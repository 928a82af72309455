import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoinGeckoReplay, type CoinGeckoReplay } from '../helpers/coingecko-replay/coingecko-replay.js';
import { dataPath, repoRoot } from '../helpers/paths.js';
import {
  S3RVER_ACCESS_KEY,
  startFlatFileServer,
  TEST_SECRET_KEY,
  type FlatFileServer,
} from '../helpers/s3-flatfiles/flat-file-server.js';
import { yahooMinutes, type SourceMinute } from '../helpers/s3-flatfiles/source-minutes.js';
import { startYahooReplay, type YahooReplay } from '../helpers/yahoo-replay/index.js';
import {
  launchChromium,
  requireE2ePrerequisites,
  startServe,
  stopServe,
  type Served,
} from './helpers/serve.js';

// The stock, news and CoinGecko sources end to end: `tradelab serve` pointed by its environment at
// local replays of real data (an S3 server holding flat files written from the yfinance minute bars
// in ../shared/data, the recorded Yahoo search answers, the recorded CoinGecko answers), driven
// from the built dashboard in Chromium. Never the internet.
const screenshotPath = path.join(repoRoot, 'test-results', 'e2e-stock-sources.png');

/** Six sessions, Monday 2025-02-03 to Monday 2025-02-10 (a weekend between, which has no files). */
const SESSIONS = ['2025-02-03', '2025-02-04', '2025-02-05', '2025-02-06', '2025-02-07', '2025-02-10'];
/** TSLA is in the files too: the fetch must keep only the tickers asked for. */
const FETCHED = ['AAPL', 'MSFT'] as const;
const COINGECKO_KEY = 'CG-e2e-demo-key-4hT8wQ';

const envSecrets = [S3RVER_ACCESS_KEY, TEST_SECRET_KEY, COINGECKO_KEY];

function sessionMinutes(): Map<string, SourceMinute[]> {
  const byDate = new Map<string, SourceMinute[]>(SESSIONS.map((d) => [d, []]));
  for (const ticker of ['AAPL', 'MSFT', 'TSLA'] as const) {
    for (const minute of yahooMinutes(ticker)) byDate.get(minute.date)?.push(minute);
  }
  return byDate;
}

const attr = async (page: Page, selector: string, name: string) =>
  page.locator(selector).first().getAttribute(name);

describe('stock, news and CoinGecko sources on the dashboard, served headless', () => {
  let dataDir: string;
  let flat: FlatFileServer;
  let yahoo: YahooReplay;
  let coingecko: CoinGeckoReplay;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const minutes = sessionMinutes();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireE2ePrerequisites([
      [
        'the yfinance minute bars',
        dataPath('yahoo/yfinance-csv/AAPL_1m.csv'),
        'check out ../shared beside the repo',
      ],
    ]);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tradelab-e2e-stocks-'));
    [flat, yahoo, coingecko] = await Promise.all([
      startFlatFileServer(),
      startYahooReplay(),
      startCoinGeckoReplay(),
    ]);
    await flat.createBucket('flatfiles');
    await flat.putDays('flatfiles', minutes);
    served = await startServe(dataDir, {
      POLYGON_S3_ENDPOINT: flat.endpoint,
      POLYGON_S3_ACCESS_KEY: S3RVER_ACCESS_KEY,
      POLYGON_S3_SECRET_KEY: TEST_SECRET_KEY,
      TRADELAB_YAHOO_URL: yahoo.url,
      TRADELAB_COINGECKO_URL: coingecko.url,
      COINGECKO_API_KEY: COINGECKO_KEY,
      TRADELAB_STOCK_TICKERS: 'AAPL,MSFT,TSLA',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(served.url.href);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=nav-data]').click();
  });

  afterAll(async () => {
    await browser?.close();
    await stopServe(served);
    await Promise.all([flat?.close(), yahoo?.close(), coingecko?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the flat-file keys as configured from the environment and starts from the ticker setting', async () => {
    const note = page.locator('[data-testid=polygon-credentials]');
    await note.waitFor();
    expect(await note.getAttribute('data-configured')).toBe('true');
    expect(await note.getAttribute('data-source')).toBe('env');
    const items = note.locator('[data-testid=polygon-credentials-item]');
    expect(await items.count()).toBe(2);
    for (const source of await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-source')))) {
      expect(source).toBe('env');
    }
    expect(await note.innerText()).toContain('POLYGON_S3_ACCESS_KEY');
    expect(await attr(page, '[data-testid=coingecko-credentials]', 'data-configured')).toBe('true');
    await expect
      .poll(() => page.locator('[data-testid=polygon-tickers]').inputValue())
      .toBe('AAPL, MSFT, TSLA');
  });

  it('fetches six real sessions of minute and day files with live progress, then shows them as stock coverage', async () => {
    // Hold the 2025-02-05 files a moment so the running job is on screen, not only its summary.
    await flat.setFaults([{ match: '2025-02-05', delayMs: 2500, times: 2 }]);
    await page.locator('[data-testid=polygon-tickers]').fill(FETCHED.join(', '));
    await page.locator('[data-testid=polygon-from]').fill(SESSIONS[0]);
    await page.locator('[data-testid=polygon-to]').fill(SESSIONS[SESSIONS.length - 1]);
    await page.locator('[data-testid=polygon-start]').click();

    const progress = page.locator('[data-testid=polygon-progress]');
    await progress.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => progress.locator('[data-field=done-total]').getAttribute('data-total'), { timeout: 30_000 })
      .toBe(String(SESSIONS.length * 2));
    // Files still held: the job runs, with done of total, its rate and ETA fields, and can be cancelled.
    expect(Number(await progress.locator('[data-field=done-total]').getAttribute('data-done'))).toBeLessThan(
      SESSIONS.length * 2,
    );
    expect(await progress.getAttribute('data-status')).toBe('running');
    expect(await progress.locator('[data-field=rate]').count()).toBe(1);
    expect(await page.locator('[data-testid=polygon-eta]').count()).toBe(1);
    expect(await page.locator('[data-testid=polygon-cancel]').isEnabled()).toBe(true);

    const summary = page.locator('[data-testid=polygon-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.getAttribute('data-status')).toBe('done');
    const stat = (field: string) => summary.locator(`[data-field=${field}]`).getAttribute('data-value');
    expect(await stat('filesPlanned')).toBe('12');
    expect(await stat('filesDownloaded')).toBe('12');
    expect(await stat('filesRejected')).toBe('0');
    expect(await stat('filesFailed')).toBe('0');
    const fetchedMinutes = [...minutes.values()]
      .flat()
      .filter((m) => (FETCHED as readonly string[]).includes(m.ticker));
    expect(await stat('barsStored')).toBe(String(fetchedMinutes.length + FETCHED.length * SESSIONS.length));
    expect(await page.locator('[data-testid=polygon-errors]').count()).toBe(0);

    // Coverage: the two stocks at 1m and 1d, marked as stocks; TSLA was in the files but not asked for.
    const stockRow = (ticker: string, interval: string) =>
      page
        .locator('[data-testid=coverage-row]', {
          has: page.locator(`[data-col=symbol][data-value="${ticker}"]`),
        })
        .filter({ has: page.locator(`[data-col=interval][data-value="${interval}"]`) });
    await stockRow('AAPL', '1m').waitFor({ timeout: 30_000 });
    const aaplMinutes = fetchedMinutes.filter((m) => m.ticker === 'AAPL').length;
    expect(await stockRow('AAPL', '1m').locator('[data-col=bars]').getAttribute('data-value')).toBe(
      String(aaplMinutes),
    );
    expect(await stockRow('AAPL', '1m').locator('[data-col=market]').getAttribute('data-value')).toBe(
      'stock',
    );
    expect(await stockRow('MSFT', '1d').locator('[data-col=bars]').getAttribute('data-value')).toBe(
      String(SESSIONS.length),
    );
    expect(await stockRow('MSFT', '1d').locator('[data-col=market] [data-market]').innerText()).toBe('stock');
    expect(await page.locator('[data-testid=coverage-row] [data-col=symbol][data-value=TSLA]').count()).toBe(
      0,
    );

    // The heatmap measures a stock day against its session: 389 of 390 minutes, not of 1440.
    const heatRow = page.locator('[data-testid=heatmap-row][data-key="AAPL|stock|1m"]');
    await heatRow.waitFor({ timeout: 30_000 });
    expect(await heatRow.getAttribute('data-market')).toBe('stock');
    const aaplFirstDay = fetchedMinutes.filter((m) => m.ticker === 'AAPL' && m.date === SESSIONS[0]).length;
    const cell = (day: string) => page.locator(`.heatmap__cell[data-row="AAPL|stock|1m"][data-day="${day}"]`);
    expect(await cell(SESSIONS[0]).getAttribute('data-ratio')).toBe((aaplFirstDay / 390).toFixed(3));
    // Saturday: closed, not a hole.
    expect(await cell('2025-02-08').getAttribute('data-closed')).toBe('true');

    // Consecutive sessions: the weekend between them is no gap.
    expect(await stockRow('MSFT', '1d').locator('[data-col=gaps]').getAttribute('data-value')).toBe('0');

    // Filtering to stocks leaves only stock rows.
    await page.locator('[data-testid=coverage-market]').selectOption('stock');
    const markets = await page
      .locator('[data-testid=coverage-row] [data-col=market]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
    expect(markets.length).toBe(4);
    expect(new Set(markets)).toEqual(new Set(['stock']));
    await page.locator('[data-testid=coverage-market]').selectOption('');
  });

  it('reports stock quality against NYSE sessions: nights and the weekend are not missing', async () => {
    await page.locator('[data-testid=quality-recompute]').click();
    const row = page.locator(
      '[data-testid=quality-row][data-symbol=AAPL][data-market=stock][data-interval="1m"]',
    );
    await row.waitFor({ timeout: 60_000 });
    const aaplMinutes = [...minutes.values()].flat().filter((m) => m.ticker === 'AAPL').length;
    expect(await row.locator('[data-col=bars]').getAttribute('data-value')).toBe(String(aaplMinutes));
    // The source lacks a minute or two per session: complete to within those, not a quarter of 24h days.
    const completeness = Number(await row.locator('[data-col=completeness]').getAttribute('data-value'));
    expect(completeness).toBeCloseTo(aaplMinutes / (390 * SESSIONS.length), 3);
    expect(await row.locator('[data-market]').innerText()).toBe('stock');
  });

  it('resumes by re-running: the same range downloads nothing again', async () => {
    const job = page.locator('section[aria-labelledby=polygon-title] .fetch-job');
    const firstJob = await job.getAttribute('data-job-id');
    await page.locator('[data-testid=polygon-start]').click();
    await expect.poll(() => job.getAttribute('data-job-id'), { timeout: 30_000 }).not.toBe(firstJob);
    const summary = page.locator('[data-testid=polygon-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.getAttribute('data-status')).toBe('done');
    expect(await summary.locator('[data-field=filesUpToDate]').getAttribute('data-value')).toBe('12');
    expect(await summary.locator('[data-field=filesDownloaded]').getAttribute('data-value')).toBe('0');
  });

  it("shows each Yahoo interval's look-back window and what an older range turns into", async () => {
    await page.locator('[data-testid=yahoo-interval]').selectOption('1m');
    const window = page.locator('[data-testid=yahoo-window]');
    expect(await window.getAttribute('data-interval')).toBe('1m');
    expect(await window.innerText()).toContain('last 30 days and serves 7 days per request');
    expect(await page.locator('[data-testid=yahoo-range-note]').count()).toBe(0);
    await page.locator('[data-testid=yahoo-from]').fill('2020-01-02');
    expect(await page.locator('[data-testid=yahoo-range-note]').innerText()).toMatch(
      /^Yahoo keeps 1m bars for the last 30 days only: the fetch starts at \d{4}-\d{2}-\d{2} instead of 2020-01-02\.$/,
    );
    await page.locator('[data-testid=yahoo-interval]').selectOption('1d');
    expect(await page.locator('[data-testid=yahoo-range-note]').count()).toBe(0);
    await page.locator('[data-testid=yahoo-from]').fill('');
  });

  it('fetches headlines and lists them with publisher, time and a sentiment badge', async () => {
    await page.locator('[data-testid=news-tickers]').fill('AAPL, AMZN, BABA');
    await page.locator('[data-testid=news-start]').click();
    const summary = page.locator('[data-testid=news-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.getAttribute('data-status')).toBe('done');
    const stored = Number(await summary.locator('[data-field=headlinesStored]').getAttribute('data-value'));
    expect(stored).toBeGreaterThan(0);

    const items = page.locator('[data-testid=news-item]');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(stored);
    const published = await items.evaluateAll((els) =>
      els.map((e) => Date.parse(e.getAttribute('data-published-at')!)),
    );
    expect(published).toEqual([...published].sort((a, b) => b - a));
    const badges = await page
      .locator('[data-testid=news-sentiment]')
      .evaluateAll((els) =>
        els.map((e) => ({ value: Number(e.getAttribute('data-value')), tone: e.getAttribute('data-tone') })),
      );
    for (const b of badges) {
      expect(b.value).toBeGreaterThanOrEqual(-1);
      expect(b.value).toBeLessThanOrEqual(1);
      expect(b.tone).toBe(b.value > 0 ? 'positive' : b.value < 0 ? 'negative' : 'neutral');
    }
    // The recorded headlines hold negative words ("Warnings", "Retreating").
    expect(badges.some((b) => b.tone === 'negative')).toBe(true);
    expect((await items.first().locator('[data-field=publisher]').innerText()).length).toBeGreaterThan(0);

    await page.locator('[data-testid=news-filter]').selectOption('BABA');
    await expect
      .poll(async () => {
        const tickers = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-tickers')!));
        return (
          tickers.length > 0 && tickers.length < stored && tickers.every((t) => t.split(',').includes('BABA'))
        );
      })
      .toBe(true);
    await page.locator('[data-testid=news-filter]').selectOption('');
  });

  it('takes CoinGecko snapshots and shows the latest markets and trending tables', async () => {
    await page.locator('[data-testid=coingecko-start]').click();
    const summary = page.locator('[data-testid=coingecko-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.getAttribute('data-status')).toBe('done');

    for (const kind of ['markets', 'trending']) {
      const table = page.locator(`[data-testid=coingecko-snapshot][data-kind=${kind}]`);
      await table.waitFor({ timeout: 30_000 });
      const takenAt = Date.parse((await table.getAttribute('data-taken-at'))!);
      expect(Math.abs(Date.now() - takenAt)).toBeLessThan(5 * 60_000);
      expect(Number(await table.getAttribute('data-count'))).toBeGreaterThan(0);
      expect(await table.locator('[data-testid=coingecko-item]').count()).toBeGreaterThan(0);
      expect(await table.locator('[data-testid=coingecko-item]').first().getAttribute('data-rank')).toBe('1');
    }
    // The key went to CoinGecko in its header, as configured.
    expect(coingecko.requests.some((r) => r.headers['x-cg-demo-api-key'] === COINGECKO_KEY)).toBe(true);

    await page.setViewportSize({ width: 1400, height: 5200 });
    await mkdir(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('shows the secrets on Settings as set from the environment, and no secret value anywhere in the page', async () => {
    const dataHtml = await page.content();
    await page.locator('[data-testid=nav-settings]').click();
    const credentials = page.locator('[data-testid=credentials]');
    await credentials.waitFor();
    expect(await credentials.getAttribute('data-can-store')).toBe('false');
    for (const name of ['polygonS3AccessKey', 'polygonS3SecretKey', 'coingeckoApiKey']) {
      const row = page.locator(`[data-testid=credential-${name}]`);
      expect(await row.getAttribute('data-source')).toBe('env');
      expect(await page.locator(`[data-testid=credential-${name}-status]`).innerText()).toBe(
        'set from environment',
      );
      // Where nothing can encrypt them, there is no input to type a secret into.
      expect(await page.locator(`[data-testid=credential-${name}-input]`).count()).toBe(0);
    }
    expect(await page.locator('[data-testid=credentials-env-hint]').isVisible()).toBe(true);
    expect(await attr(page, '[data-testid=settings-polygonS3Endpoint]', 'data-source')).toBe('env');
    expect(await attr(page, '[data-testid=settings-stockTickers]', 'data-effective')).toBe(
      'AAPL, MSFT, TSLA',
    );

    const settingsHtml = await page.content();
    for (const secret of envSecrets) {
      expect(dataHtml.includes(secret), 'a secret in the Data page').toBe(false);
      expect(settingsHtml.includes(secret), 'a secret in the Settings page').toBe(false);
    }
    expect(pageErrors, `uncaught errors in the page:\n${pageErrors.join('\n')}`).toEqual([]);
  });

  it('without the keys, says which variables to set and shows the refused start inline', async () => {
    const bare = await mkdtemp(path.join(os.tmpdir(), 'tradelab-e2e-nokeys-'));
    // The same launch without the credentials (the parent environment holds none either).
    const noKeys = await startServe(bare, {
      POLYGON_S3_ENDPOINT: flat.endpoint,
      POLYGON_S3_ACCESS_KEY: '',
      POLYGON_S3_SECRET_KEY: '',
    });
    const other = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await other.goto(noKeys.url.href);
      await other.locator('[data-ready="true"]').waitFor({ timeout: 30_000 });
      await other.locator('[data-testid=nav-data]').click();
      const note = other.locator('[data-testid=polygon-credentials]');
      await note.waitFor();
      expect(await note.getAttribute('data-configured')).toBe('false');
      expect(await note.innerText()).toContain('set POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY');
      await other.locator('[data-testid=polygon-tickers]').fill('AAPL');
      await other.locator('[data-testid=polygon-start]').click();
      const refused = other.locator('[data-testid=polygon-call-error]');
      await refused.waitFor({ timeout: 10_000 });
      expect(await refused.innerText()).toMatch(/POLYGON_S3_ACCESS_KEY and POLYGON_S3_SECRET_KEY/);
      expect(await other.locator('[data-testid=polygon-progress]').count()).toBe(0);
    } finally {
      await other.close();
      await stopServe(noKeys);
      await rm(bare, { recursive: true, force: true });
    }
  });
});
