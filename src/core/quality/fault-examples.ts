import type { QualityReport } from '../../shared/contract/index.js';

/** 'outside session' is no fault: stock bars outside the regular session, listed so they are seen. */
export type FaultKind = 'out of order' | 'duplicate' | 'ohlc' | 'misaligned' | 'outside session';

type Example = QualityReport['examples'][number];

/** Examples kept per kind of fault: enough to find the bars, few enough to read. */
export const EXAMPLES_PER_KIND = 3;

/**
 * Collects the first few examples of each kind of fault. The scan asks `wants` before building
 * the problem text, so a series with a million faults builds only a handful of strings.
 */
export class FaultExamples {
  private readonly counts = new Map<FaultKind, number>();
  private readonly examples: Array<{ time: number; problem: string }> = [];

  wants(kind: FaultKind): boolean {
    return (this.counts.get(kind) ?? 0) < EXAMPLES_PER_KIND;
  }

  add(kind: FaultKind, time: number, problem: string): void {
    if (!this.wants(kind)) return;
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    this.examples.push({ time, problem });
  }

  /** In time order, with ISO times. */
  list(): Example[] {
    return [...this.examples]
      .sort((a, b) => a.time - b.time)
      .map(({ time, problem }) => ({ time: isoTime(time), problem }));
  }
}

/** An ISO time even for a time that is not a valid date (a corrupt bar must still be reportable). */
export function isoTime(time: number): string {
  return Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time);
}
