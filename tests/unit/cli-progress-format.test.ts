import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatProgressLine,
  formatRate,
  progressBar,
} from '../../src/cli/progress/format-progress.js';

describe('CLI progress line', () => {
  const progress = {
    done: 2,
    total: 3,
    unit: 'files',
    rate: 1.2,
    etaSeconds: 1,
    message: 'BTCUSDT-1m-2020-01-02.zip',
  };

  it('draws the bar, counts, rate, ETA and current item', () => {
    expect(formatProgressLine(progress, { withBar: true })).toBe(
      '[######----] 2/3 files  1.2 files/s  ETA 1s  BTCUSDT-1m-2020-01-02.zip',
    );
  });

  it('leaves the bar out for plain logs and when the total is unknown', () => {
    expect(formatProgressLine(progress, { withBar: false })).toBe(
      '2/3 files  1.2 files/s  ETA 1s  BTCUSDT-1m-2020-01-02.zip',
    );
    expect(
      formatProgressLine(
        { ...progress, total: null, rate: null, etaSeconds: null, message: undefined },
        { withBar: true },
      ),
    ).toBe('2 files');
  });

  it('never exceeds the terminal width', () => {
    const line = formatProgressLine(progress, { withBar: true, maxWidth: 30 });
    expect(line).toHaveLength(30);
    expect(line.endsWith('…')).toBe(true);
  });

  it('fills the bar proportionally and clamps it', () => {
    expect(progressBar(0, 3)).toBe('[----------]');
    expect(progressBar(3, 3)).toBe('[##########]');
    expect(progressBar(5, 3)).toBe('[##########]');
    expect(progressBar(0, 0)).toBe('[----------]');
  });

  it('formats counts, rates and durations for people', () => {
    expect(formatCount(4320)).toBe('4,320');
    expect(formatRate(1.234)).toBe('1.2');
    expect(formatRate(1234.5)).toBe('1,235');
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(7620)).toBe('2h07m');
  });
});
