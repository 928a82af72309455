import type { Database } from 'better-sqlite3';
import type { QualityQuery, QualityReport } from '../../shared/contract/index.js';
import { BarStore } from '../store/bar-store.js';
import { listStoredSeries, saveQualityReport, type StoredSeries } from '../store/quality-repo.js';
import { applyGapKinds, classifyGaps, coveredRanges } from './classify-gaps.js';
import { analyzeSeries, type SeriesAnalysis } from './compute-quality-report.js';
import { compareReports } from './report-order.js';

export interface QualityStep {
  /** Series scanned so far, of `total` (witnesses for classification included). */
  done: number;
  total: number;
  /** The series just scanned, e.g. "BTCUSDT 1h". */
  label: string;
}

/**
 * One computation of quality reports, run a series at a time so that a job can yield (and be
 * cancelled) between series. Instruments of the same venue and market at the same interval are
 * scanned together, including those outside the filter, because each one witnesses whether the
 * others' gaps are venue outages. Binance spot and USD-M futures are separate systems with
 * separate outages, so the market is part of the group.
 */
export class QualityRun {
  /** Reports stored so far (a group's reports are stored once its last series is scanned). */
  readonly reports: QualityReport[] = [];
  /** Gaps classified as outages among the stored reports, counting those beyond the listed 200. */
  outageGaps = 0;

  constructor(
    private readonly db: Database,
    private readonly filter: QualityQuery,
    private readonly now: number,
  ) {}

  *steps(): Generator<QualityStep, QualityReport[]> {
    const groups = this.groupsToScan();
    const total = groups.reduce((sum, group) => sum + group.length, 0);
    const store = new BarStore(this.db);
    let done = 0;
    for (const group of groups) {
      const analyses: SeriesAnalysis[] = [];
      for (const series of group) {
        const columns = store.readBars({ instrumentId: series.instrumentId, interval: series.interval });
        analyses.push(analyzeSeries(columns, series.interval, series, this.now));
        // Stored before the last step is reported, so a cancel after it keeps the whole group.
        if (analyses.length === group.length) this.storeGroup(group, analyses);
        done++;
        yield { done, total, label: `${series.symbol} ${series.interval}` };
      }
    }
    this.reports.sort(compareReports);
    return this.reports;
  }

  /** The groups holding at least one series the filter asks for, each with all its members. */
  private groupsToScan(): StoredSeries[][] {
    const groups = new Map<string, StoredSeries[]>();
    for (const series of listStoredSeries(this.db)) {
      const key = `${series.venue}\u0000${series.market}\u0000${series.interval}`;
      const members = groups.get(key) ?? [];
      members.push(series);
      groups.set(key, members);
    }
    return [...groups.values()].filter((members) => members.some((s) => this.wanted(s)));
  }

  private wanted(series: StoredSeries): boolean {
    return (
      (this.filter.symbol === undefined || series.symbol === this.filter.symbol) &&
      (this.filter.interval === undefined || series.interval === this.filter.interval)
    );
  }

  private storeGroup(group: StoredSeries[], analyses: SeriesAnalysis[]): void {
    const { interval, market } = group[0];
    const kinds = classifyGaps(
      interval,
      analyses.map((a) => ({ gaps: a.gaps, covered: coveredRanges(a.first, a.last, a.gaps, interval) })),
      market,
    );
    const stored: QualityReport[] = [];
    let outages = 0;
    this.db.transaction(() => {
      group.forEach((series, i) => {
        if (!this.wanted(series)) return;
        const { report, listed } = analyses[i];
        const classified = { ...report, gaps: applyGapKinds(report.gaps, listed, kinds[i]) };
        saveQualityReport(this.db, series.instrumentId, series.interval, classified);
        stored.push(classified);
        for (const kind of kinds[i]) if (kind === 'outage') outages++;
      });
    })();
    this.reports.push(...stored);
    this.outageGaps += outages;
  }
}

/**
 * Computes, classifies and stores the quality report of every stored instrument × interval that
 * matches `filter` (all of them without one), and returns them sorted by symbol, market, interval.
 */
export function computeAndStoreQuality(
  db: Database,
  filter: QualityQuery,
  now: number,
  onProgress?: (done: number, total: number, label: string) => void,
): QualityReport[] {
  const steps = new QualityRun(db, filter, now).steps();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress?.(step.value.done, step.value.total, step.value.label);
  }
}
