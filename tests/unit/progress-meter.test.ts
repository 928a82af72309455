import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../src/core/jobs/progress-meter.js';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('ProgressMeter', () => {
  it('reports no rate or ETA from a single sample', () => {
    const c = clock();
    const meter = new ProgressMeter('files', c.now);
    expect(meter.update(0, 10)).toEqual({ done: 0, total: 10, unit: 'files', rate: null, etaSeconds: null });
  });

  it('measures the rate over elapsed time and derives the ETA', () => {
    const c = clock();
    const meter = new ProgressMeter('bars', c.now);
    meter.update(0, 100);
    c.advance(2000);
    const p = meter.update(20, 100);
    expect(p.rate).toBe(10);
    expect(p.etaSeconds).toBe(8);
    expect(p.unit).toBe('bars');
  });

  it('gives no rate when no time has passed', () => {
    const c = clock();
    const meter = new ProgressMeter('files', c.now);
    meter.update(0, 10);
    const p = meter.update(5, 10);
    expect(p.rate).toBeNull();
    expect(p.etaSeconds).toBeNull();
  });

  it('has no ETA without a total, but still a rate', () => {
    const c = clock();
    const meter = new ProgressMeter('bytes', c.now);
    meter.update(0, null);
    c.advance(1000);
    const p = meter.update(500, null);
    expect(p).toEqual({ done: 500, total: null, unit: 'bytes', rate: 500, etaSeconds: null });
  });

  it('ETA is 0 once done reaches the total, even before a rate exists', () => {
    const c = clock();
    expect(new ProgressMeter('files', c.now).update(10, 10).etaSeconds).toBe(0);
    const meter = new ProgressMeter('files', c.now);
    meter.update(3, 10);
    c.advance(1000);
    expect(meter.update(3, 3).etaSeconds).toBe(0); // rate 0
  });

  it('never reports a negative rate or ETA', () => {
    const c = clock();
    const meter = new ProgressMeter('files', c.now);
    meter.update(10, 20);
    c.advance(1000);
    const back = meter.update(5, 20);
    expect(back.rate).toBe(0);
    expect(back.etaSeconds).toBeNull();
    const over = new ProgressMeter('files', c.now);
    over.update(0, 10);
    c.advance(1000);
    const p = over.update(15, 10);
    expect(p.rate).toBe(15);
    expect(p.etaSeconds).toBe(0);
  });

  it('includes the message only when given', () => {
    const c = clock();
    const meter = new ProgressMeter('files', c.now);
    expect(meter.update(1, 2, 'a.zip')).toHaveProperty('message', 'a.zip');
    expect(meter.update(1, 2)).not.toHaveProperty('message');
    expect(meter.update(1, 2, '')).toHaveProperty('message', '');
  });

  it('follows a speed change within the sliding window', () => {
    const c = clock();
    const meter = new ProgressMeter('bars', c.now, 10_000);
    let done = 0;
    meter.update(done, 1e6);
    for (let i = 0; i < 30; i++) {
      c.advance(1000);
      done += 10;
      meter.update(done, 1e6);
    }
    expect(meter.update(done, 1e6).rate).toBeCloseTo(10, 9);
    for (let i = 0; i < 20; i++) {
      c.advance(1000);
      done += 100;
      meter.update(done, 1e6);
    }
    // Older samples than 10 s are gone: only the fast phase counts.
    const p = meter.update(done, 1e6);
    expect(p.rate).toBeCloseTo(100, 9);
    expect(p.etaSeconds).toBeCloseTo((1e6 - done) / 100, 6);
  });

  it('keeps the two newest samples even when they are further apart than the window', () => {
    const c = clock();
    const meter = new ProgressMeter('files', c.now, 1000);
    meter.update(0, 100);
    c.advance(60_000);
    const p = meter.update(60, 100);
    expect(p.rate).toBe(1);
    expect(p.etaSeconds).toBe(40);
    c.advance(60_000);
    const q = meter.update(90, 100);
    expect(q.rate).toBe(0.5); // (90 - 60) / 60 s: the first sample was dropped
    expect(q.etaSeconds).toBe(20);
  });

  it('uses Date.now by default', () => {
    const meter = new ProgressMeter('files');
    expect(meter.update(0, 1)).toMatchObject({ done: 0, total: 1, rate: null });
  });
});
