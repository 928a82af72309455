import { describe, expect, it } from 'vitest';
import { marketClosures } from '../../src/core/calendar/market-closures.js';

describe('marketClosures', () => {
  it('lists the weekday NYSE closures of a range with their reasons, weekends left out', () => {
    const closures = marketClosures('2024-12-20', '2025-01-21');
    expect(closures.map((c) => c.date)).toEqual(['2024-12-25', '2025-01-01', '2025-01-09', '2025-01-20']);
    expect(closures.every((c) => c.reason.length > 0)).toBe(true);
  });

  it('is empty for a range of sessions only, and includes both ends', () => {
    expect(marketClosures('2024-03-04', '2024-03-08')).toEqual([]);
    expect(marketClosures('2024-03-29', '2024-03-29').map((c) => c.date)).toEqual(['2024-03-29']); // Good Friday
  });
});
