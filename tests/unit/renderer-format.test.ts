import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDoneTotal,
  formatElapsed,
  formatEta,
  formatInt,
  formatJobKind,
  formatRate,
  formatSummaryKey,
  formatUtc,
  progressFraction,
} from '../../src/renderer/lib/format.js';
import { parsePathList } from '../../src/renderer/lib/paths.js';
import { reconnectDelayMs } from '../../src/renderer/transport/backoff.js';

describe('renderer formatting', () => {
  it('separates thousands', () => {
    expect(formatInt(1234567)).toBe('1,234,567');
    expect(formatInt(0)).toBe('0');
    expect(formatInt(null)).toBe('—');
  });

  it('shows progress in the job unit', () => {
    expect(formatDoneTotal({ done: 12, total: 1340, unit: 'files' })).toBe('12 / 1,340 files');
    expect(formatDoneTotal({ done: 12, total: null, unit: 'files' })).toBe('12 files');
    expect(formatDoneTotal({ done: 1536, total: 1048576, unit: 'bytes' })).toBe('1.5 KB / 1 MB');
    expect(formatRate(2.345, 'files')).toBe('2.3 files/s');
    expect(formatRate(1234.5, 'bars')).toBe('1,235 bars/s');
    expect(formatRate(null, 'files')).toBe('—');
    expect(formatBytes(512)).toBe('512 B');
    expect(progressFraction({ done: 1, total: 4 })).toBe(0.25);
    expect(progressFraction({ done: 1, total: null })).toBeNull();
    expect(progressFraction({ done: 9, total: 4 })).toBe(1);
  });

  it('writes ETAs compactly', () => {
    expect(formatEta(null)).toBe('—');
    expect(formatEta(42.4)).toBe('42s');
    expect(formatEta(185)).toBe('3m 05s');
    expect(formatEta(7380)).toBe('2h 03m');
    expect(formatEta(3 * 86400 + 4 * 3600)).toBe('3d 04h');
    expect(formatElapsed('2024-01-01T00:00:00Z', '2024-01-01T00:01:05Z')).toBe('1m 05s');
    expect(formatElapsed('2024-01-01T00:00:00Z', '2024-01-01T00:00:00.420Z')).toBe('0.4s');
  });

  it('shortens ISO times in UTC', () => {
    expect(formatUtc('2024-03-01T13:45:12.000Z')).toBe('2024-03-01 13:45');
    expect(formatUtc('2024-03-01T13:45:12.000Z', { seconds: true })).toBe('2024-03-01 13:45:12');
    expect(formatUtc('2024-03-01T15:45:12+02:00')).toBe('2024-03-01 13:45');
    expect(formatUtc(null)).toBe('—');
    expect(formatUtc('garbage')).toBe('garbage');
  });

  it('names jobs and summary fields', () => {
    expect(formatJobKind('import-binance-files')).toBe('Import Binance files');
    expect(formatSummaryKey('filesRejected')).toBe('files rejected');
  });
});

describe('parsePathList', () => {
  it('accepts lines and commas, trims, drops blanks and duplicates', () => {
    expect(parsePathList(' /a/b \n\n/c, /d ,/a/b\r\n')).toEqual(['/a/b', '/c', '/d']);
    expect(parsePathList('  \n , ')).toEqual([]);
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 500 ms and caps at 10 s, within ±20% jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 10].map((a) => reconnectDelayMs(a, mid))).toEqual([
      500, 1000, 2000, 4000, 8000, 10000, 10000,
    ]);
    expect(reconnectDelayMs(1, () => 0)).toBe(400);
    expect(reconnectDelayMs(1, () => 0.999999)).toBe(600);
  });
});
