import { describe, expect, it } from 'vitest';
import { dayRanges, planArchives } from '../../src/core/ingest/binance/vision/plan-archives.js';
import type { VisionObjectLike } from '../../src/core/ingest/binance/vision/vision-object.js';

const obj = (key: string): VisionObjectLike => ({ key, size: 100, etag: `"${key}"`, lastModified: null });
const months = (...dates: string[]) => new Map(dates.map((d) => [d, obj(`m/${d}.zip`)]));
const days = (from: string, to: string) => {
  const out = new Map<string, VisionObjectLike>();
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    out.set(d, obj(`d/${d}.zip`));
  }
  return out;
};

describe('planArchives', () => {
  it('takes monthly archives for complete months and dailies for the current month up to yesterday', () => {
    const plan = planArchives({
      from: '2024-01-15',
      to: '2024-04-30',
      today: '2024-03-05',
      monthly: months('2024-01', '2024-02'),
      daily: days('2024-01-01', '2024-03-04'),
    });
    expect(plan.archives.map((a) => `${a.period}:${a.date}`)).toEqual([
      'monthly:2024-01',
      'monthly:2024-02',
      'daily:2024-03-01',
      'daily:2024-03-02',
      'daily:2024-03-03',
      'daily:2024-03-04',
    ]);
    expect(plan.missingDays).toEqual([]);
  });

  it('falls back to dailies for a past month whose monthly archive is not published yet', () => {
    const plan = planArchives({
      from: '2024-02-27',
      to: '2024-03-02',
      today: '2024-03-03',
      monthly: months('2024-01'),
      daily: days('2024-02-01', '2024-03-02'),
    });
    expect(plan.archives.map((a) => a.date)).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
  });

  it('lists holes inside the published life, but not days before the first or after the last archive', () => {
    const daily = days('2020-01-01', '2020-01-10');
    daily.delete('2020-01-04');
    daily.delete('2020-01-05');
    const plan = planArchives({ from: '2019-12-25', to: '2020-01-20', today: '2026-01-01', monthly: new Map(), daily });
    expect(plan.missingDays).toEqual(['2020-01-04', '2020-01-05']);
    expect(plan.firstPublished).toBe('2020-01-01');
    expect(plan.lastPublished).toBe('2020-01-10');
    expect(plan.archives).toHaveLength(8);
  });

  it('never plans daily archives where they are not allowed (funding is monthly only)', () => {
    const plan = planArchives({
      from: '2024-01-01',
      to: '2024-03-10',
      today: '2024-03-11',
      monthly: months('2024-01', '2024-02'),
      daily: days('2024-03-01', '2024-03-10'),
      dailyAllowed: false,
    });
    expect(plan.archives.map((a) => a.date)).toEqual(['2024-01', '2024-02']);
  });

  it('plans nothing for a range that ends before today starts being published', () => {
    const plan = planArchives({ from: '2024-03-05', to: '2024-03-09', today: '2024-03-05', monthly: new Map(), daily: new Map() });
    expect(plan.archives).toEqual([]);
    expect(plan.firstPublished).toBeNull();
  });

  it('ends a month-end series on the last day of its last monthly archive', () => {
    const plan = planArchives({ from: '2023-01-01', to: '2024-06-01', today: '2024-06-02', monthly: months('2023-01', '2023-02'), daily: new Map() });
    expect(plan.lastPublished).toBe('2023-02-28');
    expect(plan.missingDays).toEqual([]);
  });
});

describe('dayRanges', () => {
  it('compresses consecutive days', () => {
    expect(dayRanges(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-05', '2024-02-28', '2024-02-29', '2024-03-01'])).toEqual([
      '2024-01-01..2024-01-03',
      '2024-01-05',
      '2024-02-28..2024-03-01',
    ]);
    expect(dayRanges([])).toEqual([]);
  });
});
