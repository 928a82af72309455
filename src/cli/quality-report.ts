import type { QualityGap, QualityReport } from '../shared/contract/index.js';
import { MIN_TRAINABLE_BARS } from '../core/quality/compute-quality-report.js';
import { formatCount } from './progress/format-progress.js';
import { formatTable, type TableColumn } from './text-table.js';

/** Gaps shown per series under the table (the JSON output has up to 200). */
export const GAPS_SHOWN = 5;

const COLUMNS: TableColumn<QualityReport>[] = [
  { title: 'SYMBOL', value: (r) => r.symbol },
  { title: 'MARKET', value: (r) => r.market },
  { title: 'INTERVAL', value: (r) => r.interval },
  { title: 'BARS', value: (r) => formatCount(r.bars), alignRight: true },
  { title: 'COMPLETE', value: (r) => formatPercent(r.completeness), alignRight: true },
  { title: 'GAPS', value: formatGapCount, alignRight: true },
  { title: 'MISSING', value: (r) => formatCount(r.missingBars), alignRight: true },
  { title: 'MISALIGNED', value: (r) => formatCount(r.misaligned), alignRight: true },
  { title: 'OHLC FAULTS', value: (r) => formatCount(r.ohlcViolations), alignRight: true },
  { title: 'DUPLICATES', value: (r) => formatCount(r.duplicates), alignRight: true },
  { title: 'TRAINABLE', value: (r) => (r.trainable ? 'yes' : 'no') },
];

/** The summary table, one line per instrument × interval, header first. */
export function formatQualityTable(reports: QualityReport[]): string[] {
  return formatTable(COLUMNS, reports);
}

/**
 * Under the table, per series that has something to show: why it is not trainable, its longest
 * gaps (from → to, bars missing, outage or missing) and examples of its faults.
 */
export function formatQualityDetails(reports: QualityReport[], gapsShown = GAPS_SHOWN): string[] {
  const lines: string[] = [];
  for (const report of reports) {
    const reasons = untrainableReasons(report);
    if (report.gaps.length === 0 && report.examples.length === 0 && reasons.length === 0) continue;
    lines.push('', `${report.symbol} ${report.market} ${report.interval}: ${formatSpan(report)}`);
    if (reasons.length > 0) lines.push(`  not trainable: ${reasons.join('; ')}`);
    if (report.gaps.length > 0) {
      const shown = report.gaps.slice(0, gapsShown);
      const more = report.gapCount - shown.length;
      lines.push(`  longest gaps${more > 0 ? ` (${shown.length} of ${formatCount(report.gapCount)})` : ''}:`);
      lines.push(...alignGapLines(shown).map((line) => `    ${line}`));
    }
    if (report.examples.length > 0) {
      lines.push('  fault examples:');
      for (const example of report.examples)
        lines.push(`    ${formatTime(example.time)}  ${example.problem}`);
    }
  }
  return lines;
}

/** Why a series may not be trained on, in words; empty when it may. */
export function untrainableReasons(report: QualityReport): string[] {
  const reasons: string[] = [];
  if (report.bars < MIN_TRAINABLE_BARS) {
    reasons.push(`only ${formatCount(report.bars)} bars (needs ${formatCount(MIN_TRAINABLE_BARS)})`);
  }
  if (!report.chronological) reasons.push('bars are not in time order');
  if (report.duplicates > 0)
    reasons.push(`${formatCount(report.duplicates)} duplicate ${report.duplicates === 1 ? 'bar' : 'bars'}`);
  return reasons;
}

/**
 * "29 (3 outage)". Only the listed (longest) gaps carry a kind, so when some are not listed the
 * outage count is a lower bound: "2,400 (≥3 outage)".
 */
export function formatGapCount(report: QualityReport): string {
  const outages = report.gaps.filter((g) => g.kind === 'outage').length;
  const bound = report.gaps.length < report.gapCount ? '≥' : '';
  return `${formatCount(report.gapCount)} (${bound}${formatCount(outages)} outage)`;
}

/** Completeness as a percentage, rounded down so that 99.999% never shows as 100.00%. */
export function formatPercent(fraction: number): string {
  return `${(Math.floor(fraction * 10_000) / 100).toFixed(2)}%`;
}

/**
 * `2020-01-03T23:59:00.000Z` → `2020-01-03 23:59`; seconds and milliseconds are kept when they
 * are not zero (a misaligned candle opens at 09:28:14.789).
 */
export function formatTime(iso: string): string {
  const whole = iso.endsWith(':00.000Z');
  return iso.slice(0, whole ? 16 : 23).replace('T', ' ');
}

function formatSpan(report: QualityReport): string {
  if (report.first === null || report.last === null) return 'no bars';
  return `${formatTime(report.first)} → ${formatTime(report.last)}, ${formatCount(report.gapCount)} gaps, ${formatCount(report.missingBars)} bars missing`;
}

function alignGapLines(gaps: QualityGap[]): string[] {
  const cells = gaps.map((g) => [
    `${formatTime(g.after)} → ${formatTime(g.before)}`,
    `${formatCount(g.missingBars)} ${g.missingBars === 1 ? 'bar' : 'bars'} missing`,
    g.kind,
  ]);
  const widths = [0, 1].map((i) => Math.max(...cells.map((c) => c[i].length)));
  return cells.map(
    ([span, missing, kind]) => `${span.padEnd(widths[0])}  ${missing.padStart(widths[1])}  ${kind}`,
  );
}
