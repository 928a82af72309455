import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesSplit } from '../../src/core/sim/dataset.js';
import { defaultEnvConfig } from '../../src/core/sim/env-config.js';
import { DEFAULT_ORACLE_HORIZON } from '../../src/core/sim/hindsight-oracle.js';
import { Rng } from '../../src/core/sim/rng.js';
import {
  OBS_MARKET_TYPE,
  OBS_POSITION,
  OBS_SIZE,
  OBS_TIME_IN_POSITION,
} from '../../src/core/sim/training-series.js';
import { bcDataset } from '../../src/core/training/bc-dataset.js';
import { openSimFixture, type SimFixture } from '../helpers/sim-fixtures.js';

let fixture: SimFixture;
let btc: SeriesSplit;
let aapl: SeriesSplit;

beforeAll(async () => {
  fixture = openSimFixture(['BTCUSDT', 'AAPL']);
  btc = await fixture.load('BTCUSDT');
  aapl = await fixture.load('AAPL');
}, 60_000);

afterAll(() => fixture?.close());

/** Per sample: the held position in its slots, its label as a position, its market and time slot. */
function rows(data: ReturnType<typeof bcDataset>) {
  return Array.from({ length: data.n }, (_, i) => ({
    held: data.obs[i * OBS_SIZE + OBS_POSITION],
    label: data.actions[i] - 1,
    crypto: data.obs[i * OBS_SIZE + OBS_MARKET_TYPE] === 1,
    time: data.obs[i * OBS_SIZE + OBS_TIME_IN_POSITION],
  }));
}

describe('bcDataset', () => {
  it("on the oracle's path, carries its held position and mostly labels it kept", () => {
    const data = bcDataset(
      [btc.train, aapl.train],
      { horizon: DEFAULT_ORACLE_HORIZON, env: defaultEnvConfig, cryptoShare: 0.5, offPathShare: 0 },
      new Rng(1),
    );
    const all = rows(data);
    const kept = all.filter((r) => r.label === r.held).length / data.n;
    expect(kept).toBeGreaterThan(0.85);
    expect(kept).toBeLessThan(1);
    // Held positions come with a time in position; flat ones with none.
    for (const r of all) {
      if (r.held === 0) expect(r.time).toBe(0);
      else expect(r.time).toBeGreaterThan(0);
    }
    expect(all.some((r) => r.held === -1) && all.some((r) => r.held === 1)).toBe(true);
  });

  it('off the path, shows positions the oracle does not hold, and never a stock short when shorting is off', () => {
    const env = { ...defaultEnvConfig, allowShortStocks: false };
    const data = bcDataset(
      [btc.train, aapl.train],
      { horizon: DEFAULT_ORACLE_HORIZON, env, cryptoShare: 0.5, offPathShare: 1 },
      new Rng(2),
    );
    const all = rows(data);
    const stocks = all.filter((r) => !r.crypto);
    expect(stocks.length).toBeGreaterThan(1000);
    expect(stocks.some((r) => r.held === -1 || r.label === -1)).toBe(false);
    // Random held positions: a third of crypto samples are flat, and labels often leave the held one.
    const crypto = all.filter((r) => r.crypto);
    const flat = crypto.filter((r) => r.held === 0).length / crypto.length;
    expect(flat).toBeGreaterThan(0.25);
    expect(flat).toBeLessThan(0.42);
    expect(crypto.filter((r) => r.label !== r.held).length / crypto.length).toBeGreaterThan(0.3);
  });
});
