import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, repoRoot } from '../helpers/paths.js';
import { startRestReplay, type RestReplay } from '../helpers/rest-replay/rest-replay.js';
import { startVisionReplay, type VisionReplay } from '../helpers/vision-replay/index.js';
import {
  exitOf,
  launchChromium,
  requireE2ePrerequisites,
  startServe,
  stopServe,
  type Served,
} from './helpers/serve.js';

// The whole product path: `tradelab serve` (built CLI + core + job hosts) drives the built dashboard
// in a real Chromium, which imports real Binance archives from ../shared/data.
const spotDaily1m = dataPath('binance/spot/daily/klines/BTCUSDT/1m');
const screenshotPath = path.join(repoRoot, 'test-results', 'e2e-data-page.png');
const fetchScreenshotPath = path.join(repoRoot, 'test-results', 'e2e-fetch-quality.png');

describe('dashboard served headless, driven in Chromium', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let vision: VisionReplay;
  let rest: RestReplay;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    requireE2ePrerequisites([['the shared test data', spotDaily1m, 'check out ../shared beside the repo']]);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tradelab-e2e-'));
    // The lab's Binance endpoints point at local replays of the real archives (never the internet).
    vision = await startVisionReplay();
    rest = await startRestReplay();
    served = await startServe(dataDir, {
      TRADELAB_BINANCE_VISION_URL: vision.url,
      TRADELAB_BINANCE_REST_URL: rest.url,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stopServe(served);
    await vision?.close();
    await rest?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses the page without the token', async () => {
    const context = await browser.newContext();
    try {
      const response = await (await context.newPage()).goto(served.url.origin + '/');
      expect(response?.status()).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('imports the BTCUSDT 1m archives from the Data page and shows their coverage', async () => {
    const response = await page.goto(served.url.href);
    expect(response?.status()).toBe(200);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 30_000 });

    await page.locator('[data-testid=nav-data]').click();
    await page.locator('[data-testid=import-paths]').fill(spotDaily1m);
    await page.locator('[data-testid=import-start]').click();
    const summary = page.locator('[data-testid=import-summary]');
    await summary.waitFor({ timeout: 60_000 });

    const row = page.locator('[data-testid=coverage-row]', { hasText: 'BTCUSDT' });
    await row.first().waitFor({ timeout: 30_000 });
    expect(await row.count()).toBe(1);
    const bars = (await row.locator('[data-col=bars]').innerText()).replace(/[\s,.'\u00a0\u202f]/g, '');
    expect(bars).toBe('4320');

    const heatmap = page.locator('[data-testid=coverage-heatmap]');
    await heatmap.waitFor({ state: 'visible' });
    expect(await heatmap.isVisible()).toBe(true);

    await mkdir(path.dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    expect(pageErrors, `uncaught errors in the page:\n${pageErrors.join('\n')}`).toEqual([]);
    // A CSP that blocks the page's own scripts, styles or WebSocket shows up as "Refused to …".
    expect(
      consoleErrors.filter((text) => /^Refused to /.test(text)),
      'CSP violations',
    ).toEqual([]);
  });

  it('fetches BTCUSDT 1h from Data Vision on the Data page and shows its coverage and quality report', async () => {
    await page.locator('[data-testid=nav-data]').click();
    await page.locator('[data-testid=fetch-preset]').selectOption('');
    await page.locator('[data-testid=fetch-symbols]').fill('BTCUSDT');
    await page.locator('[data-testid=fetch-market]').selectOption('spot');
    await page.locator('[data-testid=fetch-interval]').selectOption('1h');
    await page.locator('[data-testid=fetch-from]').fill('2018-01-01');
    await page.locator('[data-testid=fetch-to]').fill('2018-06-30');
    await page.locator('[data-testid=fetch-rest-fill]').uncheck();
    await page.locator('[data-testid=fetch-start]').click();

    const summary = page.locator('[data-testid=fetch-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.getAttribute('data-status')).toBe('done');
    expect(await summary.locator('[data-field=filesDownloaded]').getAttribute('data-value')).toBe('6');
    expect(await summary.locator('[data-field=filesRejected]').getAttribute('data-value')).toBe('0');

    const coverage = page.locator('[data-testid=coverage-row]', { hasText: '1h' });
    await coverage.first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=coverage-heatmap]').waitFor({ state: 'visible' });

    // The 2018-02-08 exchange outage: a gap in the report, and its misaligned candles afterwards.
    const quality = page.locator('[data-testid=quality-row][data-symbol=BTCUSDT][data-interval="1h"]');
    await quality.waitFor({ timeout: 30_000 });
    await quality.click();
    const gaps = page.locator('[data-testid=quality-gap]');
    await gaps.first().waitFor({ timeout: 10_000 });
    expect(await gaps.count()).toBeGreaterThan(0);
    await expect
      .poll(async () => (await page.locator('[data-testid=quality-gaps]').innerText()).includes('2018-02-08'))
      .toBe(true);
    expect(await page.locator('[data-testid=quality-example]').count()).toBeGreaterThan(0);

    await page.screenshot({ path: fetchScreenshotPath, fullPage: true });
    expect(pageErrors, `uncaught errors in the page:\n${pageErrors.join('\n')}`).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    served.child.kill('SIGTERM');
    expect(await exitOf(served.child), `serve stderr:\n${served.stderr()}`).toBe(0);
  });
});
