import { describe, expect, it } from 'vitest';
import { checkEnvConfig, defaultEnvConfig, MAX_DELAY_BARS, unitCost } from '../../src/core/sim/env-config.js';
import { splitBars } from '../../src/core/sim/split-windows.js';

describe('splitBars', () => {
  it('puts a purge before validation and before test, and drops the validation purge without validation', () => {
    expect(splitBars(0, 1000, { holdoutFraction: 0.2, validationFraction: 0.1, purgeBars: 12 })).toEqual({
      train: [0, 676],
      validation: [688, 788],
      test: [800, 1000],
    });
    expect(splitBars(50, 1000, { holdoutFraction: 0.25, validationFraction: 0, purgeBars: 10 })).toEqual({
      train: [50, 790],
      validation: [790, 790],
      test: [800, 1050],
    });
  });

  it('says how many bars are needed when a window would be too small', () => {
    const message = splitBars(0, 150, { holdoutFraction: 0.2, validationFraction: 0.1, purgeBars: 24 });
    expect(message).toBe(
      '150 usable bars give 57 train, 15 validation and 30 test bars (20% test, 10% validation, 2 × 24 purge bars); ' +
        'at least 100 train and 20 per evaluation window are needed (211 usable bars or more)',
    );
    expect(typeof splitBars(0, 211, { holdoutFraction: 0.2, validationFraction: 0.1, purgeBars: 24 })).toBe(
      'object',
    );
    expect(typeof splitBars(0, 210, { holdoutFraction: 0.2, validationFraction: 0.1, purgeBars: 24 })).toBe(
      'string',
    );
  });

  it('rejects fractions and purges out of range', () => {
    expect(() => splitBars(0, 1000, { holdoutFraction: 0, validationFraction: 0.1, purgeBars: 1 })).toThrow(
      /holdoutFraction/,
    );
    expect(() => splitBars(0, 1000, { holdoutFraction: 0.6, validationFraction: 0.4, purgeBars: 1 })).toThrow(
      /below 1/,
    );
    expect(() =>
      splitBars(0, 1000, { holdoutFraction: 0.2, validationFraction: 0.1, purgeBars: -1 }),
    ).toThrow(/purgeBars/);
  });
});

describe('env config', () => {
  it('accepts the defaults and names the first setting out of range', () => {
    expect(() => checkEnvConfig(defaultEnvConfig)).not.toThrow();
    const bad = (patch: object) => () => checkEnvConfig({ ...defaultEnvConfig, ...patch });
    expect(bad({ costs: { ...defaultEnvConfig.costs, commission: -0.001 } })).toThrow(/costs.commission/);
    expect(bad({ costs: { ...defaultEnvConfig.costs, delayBars: MAX_DELAY_BARS + 1 } })).toThrow(/delayBars/);
    expect(bad({ cryptoShare: 1.5 })).toThrow(/cryptoShare/);
    expect(bad({ episodeBars: 0 })).toThrow(/episodeBars/);
  });

  it('prices one unit of position change as commission + fixed slippage + volatility slippage', () => {
    const costs = { commission: 0.001, slippageBps: 2, slippageVolFactor: 0.1, delayBars: 0 };
    expect(unitCost(costs, 0.01)).toBeCloseTo(0.001 + 0.0002 + 0.001, 15);
    // Unknown ATR (warm-up): no volatility part.
    expect(unitCost(costs, Number.NaN)).toBeCloseTo(0.0012, 15);
  });
});
