import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { startRestReplay, type RestReplay } from '../helpers/rest-replay/rest-replay.js';
import { storeTrainingSeries, type StoredTrainingSeries } from '../helpers/training-data.js';
import { startVisionReplay, type VisionReplay } from '../helpers/vision-replay/index.js';
import { startYahooReplay, type YahooReplay } from '../helpers/yahoo-replay/index.js';
import {
  exitOf,
  launchChromium,
  requireE2ePrerequisites,
  startServe,
  stopServe,
  type Served,
} from './helpers/serve.js';

// The "done when" from the dashboard: `tradelab serve` on a data dir holding real BTC/ETH
// 1h 2021 and AAPL 1h bars; in Chromium one click on Start training (Quick) trains, the page shows
// live progress, and the Models page ends up with the registered model and its out-of-sample
// evaluation against buy-and-hold and flat.
const trainingShot = path.join(repoRoot, 'test-results', 'e2e-training.png');
const modelsShot = path.join(repoRoot, 'test-results', 'e2e-training-models.png');

/** The Quick preset sized to 1,500 bars per series takes a few minutes on a CI CPU; allow for a slow one. */
const TRAINING_LIMIT_MS = 12 * 60_000;

/** What the test saw on the Training page while the run was going. */
interface LiveObservation {
  activePhases: Set<string>;
  /** Most points a chart drew while the run was still running. */
  chartPointsWhileRunning: number;
  /** The backend the status bar showed for the running job, if it showed one. */
  statusBackend: string | null;
  progressSeen: boolean;
  finalStatus: string | null;
}

/** The run view's live parts now (one read each; the view may re-render between them). */
async function readRunView(page: Page, runId: string) {
  const view = page.locator(`[data-testid=training-run][data-run-id="${runId}"]`);
  const points = await view
    .locator('[data-testid=training-chart]')
    .evaluateAll((charts) => charts.map((c) => Number(c.getAttribute('data-points') ?? 0)));
  const backend = page.locator('[data-testid=status-backend]');
  return {
    status: await view.getAttribute('data-status'),
    active: (await view.locator('[data-testid=training-phases]').getAttribute('data-active')) ?? '',
    points: Math.max(0, ...points),
    progress: (await view.locator('[data-testid=training-progress]').count()) > 0,
    backend: (await backend.count()) > 0 ? await backend.first().getAttribute('data-value') : null,
  };
}

/** Polls the run view until the run leaves queued/running, noting the live parts it showed. */
async function watchRun(page: Page, runId: string, limitMs: number): Promise<LiveObservation> {
  const seen: LiveObservation = {
    activePhases: new Set(),
    chartPointsWhileRunning: 0,
    statusBackend: null,
    progressSeen: false,
    finalStatus: null,
  };
  const run = page.locator(`[data-testid=training-run][data-run-id="${runId}"]`);
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const snapshot = (await run.count()) === 0 ? null : await readRunView(page, runId);
    if (snapshot) {
      if (snapshot.status !== 'queued' && snapshot.status !== 'running') {
        seen.finalStatus = snapshot.status;
        return seen;
      }
      if (snapshot.active) seen.activePhases.add(snapshot.active);
      if (snapshot.status === 'running') {
        seen.chartPointsWhileRunning = Math.max(seen.chartPointsWhileRunning, snapshot.points);
      }
      seen.progressSeen ||= snapshot.progress;
      seen.statusBackend ??= snapshot.backend;
    }
    await page.waitForTimeout(250);
  }
  seen.finalStatus = (await run.getAttribute('data-status')) ?? null;
  return seen;
}

describe('training from the dashboard, served headless, in Chromium', () => {
  let dataDir: string;
  let stored: StoredTrainingSeries[];
  let served: Served;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireE2ePrerequisites();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tradelab-e2e-training-'));
    stored = storeTrainingSeries(dataDir, { maxBars: 1500 });
    served = await startServe(dataDir);
    browser = await launchChromium();
    // Tall enough that the screenshot holds the whole run view (the page scrolls inside its main area).
    page = await browser.newPage({ viewport: { width: 1400, height: 2400 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stopServe(served);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'trains the Quick preset with one click, shows it live, and the Models page shows the model evaluated out of sample',
    async () => {
      await page.goto(served.url.href);
      await page.locator('[data-ready="true"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=nav-training]').click();

      // What Quick would train on: the stored series, nothing blocking.
      const defaults = page.locator('[data-testid=training-defaults][data-loaded=true]');
      await defaults.waitFor({ timeout: 30_000 });
      expect(await defaults.getAttribute('data-blocked')).toBe('false');
      const picked = await page
        .locator('[data-testid=training-default-series]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol')));
      expect(picked.length).toBeGreaterThan(0);
      for (const symbol of picked) expect(stored.map((s) => s.symbol)).toContain(symbol);

      await page.locator('[data-testid=training-preset]').selectOption('quick');
      await page.locator('[data-testid=training-start]').click();

      const run = page.locator('[data-testid=training-run]');
      await run.waitFor({ timeout: 30_000 });
      const runId = (await run.getAttribute('data-run-id'))!;
      const seen = await watchRun(page, runId, TRAINING_LIMIT_MS);

      expect(seen.finalStatus, `the run ended ${seen.finalStatus}; serve stderr:\n${served.stderr()}`).toBe(
        'done',
      );
      // Live: the phase timeline moved on while it ran, the job's progress showed, the charts filled.
      expect(seen.progressSeen).toBe(true);
      expect([...seen.activePhases].length, `active phases seen: ${[...seen.activePhases]}`).toBeGreaterThan(
        1,
      );
      expect(seen.chartPointsWhileRunning).toBeGreaterThan(0);
      expect(seen.statusBackend, 'the status bar named the backend of the running job').toMatch(
        /^(tfjs-node-gpu|tfjs-node|wasm|cpu)$/,
      );

      // Ended: every phase done or skipped, the backend recorded, the evaluation and the model link shown.
      const states = await page
        .locator('[data-testid=training-phase]')
        .evaluateAll((steps) =>
          steps.map((s) => `${s.getAttribute('data-phase')}:${s.getAttribute('data-state')}`),
        );
      for (const phase of ['prepare', 'bc', 'ppo', 'evaluate', 'register'])
        expect(states).toContain(`${phase}:done`);
      expect(await page.locator('[data-testid=training-backend]').getAttribute('data-value')).toBe(
        seen.statusBackend,
      );
      const lossPoints = await page
        .locator('[data-testid=training-chart][data-chart=losses]')
        .getAttribute('data-points');
      expect(Number(lossPoints)).toBeGreaterThan(0);
      await page.locator('[data-testid=training-evaluation]').waitFor();
      await mkdir(path.dirname(trainingShot), { recursive: true });
      await page.screenshot({ path: trainingShot, fullPage: true });

      const modelId = await run.getAttribute('data-model-id');
      expect(modelId).toMatch(/^\d+$/);
      await page.locator('[data-testid=training-model-link]').click();

      // The Models page: the new model in the list, its out-of-sample evaluation and lineage.
      await page.locator('[data-testid=page-models]').waitFor();
      await page.locator(`[data-testid=model-row][data-model-id="${modelId}"]`).waitFor({ timeout: 30_000 });
      const detail = page.locator(`[data-testid=model-detail][data-model-id="${modelId}"]`);
      await detail.waitFor();
      const evaluation = detail.locator('[data-testid=model-evaluation]');
      for (const strategy of ['policy', 'buyAndHold', 'flat']) {
        const row = evaluation.locator(
          `[data-testid=evaluation-row][data-group=overall][data-strategy=${strategy}]`,
        );
        for (const col of ['totalReturn', 'sharpe', 'maxDrawdown', 'trades', 'feesPaid', 'exposure']) {
          const value = await row.locator(`[data-col=${col}]`).getAttribute('data-value');
          expect(Number.isFinite(Number(value)), `${strategy} ${col} = ${value}`).toBe(true);
        }
      }
      // Flat never trades and never moves.
      const overall = (strategy: string, col: string) =>
        evaluation
          .locator(
            `[data-testid=evaluation-row][data-group=overall][data-strategy=${strategy}] [data-col=${col}]`,
          )
          .getAttribute('data-value')
          .then(Number);
      expect(await overall('flat', 'totalReturn')).toBe(0);
      expect(await overall('flat', 'trades')).toBe(0);
      // One block per series it was tested on, besides the overall one.
      expect(await evaluation.locator('[data-testid=evaluation-group]').count()).toBeGreaterThan(1);
      expect(await detail.locator('[data-testid=model-series] [data-testid=lineage-series]').count()).toBe(
        picked.length,
      );
      const onnx = await detail
        .locator('[data-testid=model-lineage] [data-field="ONNX check"] dd')
        .innerText();
      expect(onnx).toMatch(/within 1e-5/);
      await page.screenshot({ path: modelsShot, fullPage: true });

      expect(pageErrors, `uncaught errors in the page:\n${pageErrors.join('\n')}`).toEqual([]);
    },
    TRAINING_LIMIT_MS + 120_000,
  );

  it(
    'cancels a run from the Training page, resumes it, then compares and deletes models on the Models page',
    async () => {
      await page.locator('[data-testid=nav-training]').click();
      await page.locator('[data-testid=training-defaults][data-loaded=true]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=training-start]').click();
      // The new run is shown (the newest one going), distinct from the first.
      const run = page.locator('[data-testid=training-run]:not([data-run-id="1"])');
      await run.waitFor({ timeout: 30_000 });
      const runId = (await run.getAttribute('data-run-id'))!;

      await page.locator('[data-testid=training-phases][data-active=ppo]').waitFor({ timeout: 120_000 });
      await page.locator('[data-testid=training-cancel]').click();
      await page
        .locator(`[data-testid=training-run][data-run-id="${runId}"][data-status=cancelled]`)
        .waitFor({ timeout: 60_000 });
      const stopped = await page
        .locator('[data-testid=training-phase][data-state=stopped]')
        .evaluateAll((steps) => steps.map((s) => s.getAttribute('data-phase')));
      expect(stopped).toEqual(['ppo']);

      await page.locator('[data-testid=training-resume]').click();
      await page
        .locator(`[data-testid=training-run][data-run-id="${runId}"]:not([data-status=cancelled])`)
        .waitFor({ timeout: 30_000 });
      const seen = await watchRun(page, runId, TRAINING_LIMIT_MS);
      expect(seen.finalStatus, `serve stderr:\n${served.stderr()}`).toBe('done');
      const secondModel = await page
        .locator(`[data-testid=training-run][data-run-id="${runId}"]`)
        .getAttribute('data-model-id');
      expect(secondModel).toMatch(/^\d+$/);

      // Two models: compare them side by side, then delete the second after confirming.
      await page.locator('[data-testid=nav-models]').click();
      const rows = page.locator('[data-testid=model-row]');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
      const picks = page.locator('[data-testid=model-compare-pick]');
      await picks.nth(0).check();
      await picks.nth(1).check();
      const compare = page.locator('[data-testid=models-compare][data-count="2"]');
      await compare.waitFor();
      const returns = compare.locator(
        '[data-testid=compare-row][data-key="policy.totalReturn"] td[data-model-id]',
      );
      expect(await returns.count()).toBe(2);

      await page.locator(`[data-testid=model-row][data-model-id="${secondModel}"]`).click();
      await page.locator(`[data-testid=model-detail][data-model-id="${secondModel}"]`).waitFor();
      await page.locator('[data-testid=model-delete]').click();
      await page.locator('[data-testid=model-delete-keep]').click(); // changing one's mind keeps it
      expect(await rows.count()).toBe(2);
      await page.locator('[data-testid=model-delete]').click();
      await page.locator('[data-testid=model-delete-confirm]').click();
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
      expect(await page.locator(`[data-testid=model-row][data-model-id="${secondModel}"]`).count()).toBe(0);
      expect(await page.locator('[data-testid=models-compare]').count()).toBe(0);

      expect(pageErrors, `uncaught errors in the page:\n${pageErrors.join('\n')}`).toEqual([]);
    },
    TRAINING_LIMIT_MS + 240_000,
  );

  it('stops cleanly on SIGTERM', async () => {
    served.child.kill('SIGTERM');
    expect(await exitOf(served.child), `serve stderr:\n${served.stderr()}`).toBe(0);
  });
});

describe('training with no data stored, served headless, in Chromium', () => {
  let dataDir: string;
  let served: Served;
  let browser: Browser;
  let page: Page;
  let vision: VisionReplay;
  let rest: RestReplay;
  let yahoo: YahooReplay;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireE2ePrerequisites();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tradelab-e2e-training-empty-'));
    // Every endpoint the default download reaches is a local replay (never the internet).
    [vision, rest, yahoo] = await Promise.all([startVisionReplay(), startRestReplay(), startYahooReplay()]);
    served = await startServe(dataDir, {
      TRADELAB_BINANCE_VISION_URL: vision.url,
      TRADELAB_BINANCE_REST_URL: rest.url,
      TRADELAB_YAHOO_URL: yahoo.url,
      TRADELAB_STOCK_TICKERS: 'AAPL',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    // Stops the download jobs too (they are interrupted with the server).
    await stopServe(served);
    await Promise.all([vision?.close(), rest?.close(), yahoo?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('says why it cannot train and starts the default download (Binance 1h preset and Yahoo 1h) from the Training page', async () => {
    await page.goto(served.url.href);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=nav-training]').click();

    const defaults = page.locator('[data-testid=training-defaults][data-loaded=true]');
    await defaults.waitFor({ timeout: 30_000 });
    expect(await defaults.getAttribute('data-blocked')).toBe('true');
    expect((await page.locator('[data-testid=training-blocker]').innerText()).length).toBeGreaterThan(20);
    expect(await page.locator('[data-testid=training-start]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid=training-download-what]').innerText()).toMatch(
      /Binance coins, 1h, .*AAPL 1h from Yahoo/,
    );

    await page.locator('[data-testid=training-download]').click();
    const jobs = page.locator('[data-testid=training-download-job]');
    await expect.poll(() => jobs.count(), { timeout: 30_000 }).toBe(2);
    const kinds = await jobs.locator('.strong').allInnerTexts();
    expect(kinds).toEqual(['Fetch Binance', 'Fetch Yahoo']);
    expect(pageErrors, `uncaught errors in the page:\n${pageErrors.join('\n')}`).toEqual([]);
  });
});
