import { describe, expect, it } from 'vitest';
import { binancePresets } from '../../src/shared/binance-presets.js';
import {
  applyPreset,
  buildFetchParams,
  buildFuturesParams,
  defaultFetchValues,
  intervalChoices,
  type FetchFormValues,
} from '../../src/renderer/lib/fetch-params.js';
import { parseSymbolList, symbolListError } from '../../src/renderer/lib/symbols.js';

const today = new Date('2025-06-15T10:00:00Z');

const form = (patch: Partial<FetchFormValues> = {}): FetchFormValues => ({
  ...defaultFetchValues(today),
  symbolsText: 'btcusdt',
  concurrency: '8',
  ...patch,
});

describe('symbols field', () => {
  it('splits on commas, spaces, semicolons and new lines, upper-cases and drops repeats', () => {
    expect(parseSymbolList(' btcusdt, ETHUSDT;solusdt\n\tBTCUSDT  ethusdt ')).toEqual({
      symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
      invalid: [],
    });
  });

  it('keeps entries that are not symbols as typed, each once', () => {
    const parsed = parseSymbolList('BTC-USDT, ETHUSDT, btc/usdt, BTC-USDT, X');
    expect(parsed.symbols).toEqual(['ETHUSDT']);
    expect(parsed.invalid).toEqual(['BTC-USDT', 'btc/usdt', 'X']);
    expect(symbolListError(parsed)).toMatch(/^Not Binance symbols: "BTC-USDT", "btc\/usdt", "X"\./);
  });

  it('says how many more invalid entries there are past five', () => {
    const parsed = parseSymbolList('a-1 a-2 a-3 a-4 a-5 a-6 a-7');
    expect(symbolListError(parsed)).toContain('and 2 more');
  });

  it('asks for a symbol when the field is empty', () => {
    expect(symbolListError(parseSymbolList(' , \n'))).toBe('Enter at least one symbol, e.g. BTCUSDT.');
    expect(symbolListError(parseSymbolList('BTCUSDT'))).toBeNull();
  });
});

describe('interval choices', () => {
  it('lists 1m and 1h first, then every other Data Vision interval once', () => {
    expect(intervalChoices.slice(0, 2)).toEqual(['1m', '1h']);
    expect(new Set(intervalChoices).size).toBe(intervalChoices.length);
    expect(intervalChoices).toContain('1s');
    expect(intervalChoices).toContain('1d');
  });
});

describe('presets', () => {
  it('fill symbols, market, interval and a range ending today', () => {
    const preset = binancePresets.find((p) => p.id === 'top10-1h-2y')!;
    const values = applyPreset(defaultFetchValues(today), preset, today);
    expect(values.presetId).toBe('top10-1h-2y');
    expect(values.interval).toBe('1h');
    expect(values.market).toBe('spot');
    expect(values.from).toBe('2023-06-15');
    expect(values.to).toBe('2025-06-15');
    expect(parseSymbolList(values.symbolsText).symbols).toEqual(preset.symbols);
  });
});

describe('buildFetchParams', () => {
  it('builds the contract parameters, keeping the preset id for the record', () => {
    const preset = binancePresets[0];
    const built = buildFetchParams({
      ...applyPreset(form(), preset, today),
      concurrency: '12',
      restFill: false,
    });
    expect(built).toMatchObject({
      ok: true,
      params: {
        symbols: preset.symbols,
        interval: '1m',
        market: 'spot',
        from: '2022-06-15',
        to: '2025-06-15',
        preset: preset.id,
        concurrency: 12,
        restFill: false,
        endpoints: {},
      },
    });
  });

  it('leaves the preset out of a hand-typed request', () => {
    const built = buildFetchParams(form({ market: 'um', interval: '5m' }));
    expect(built.ok && built.params).toMatchObject({ symbols: ['BTCUSDT'], market: 'um', interval: '5m' });
    expect(built.ok && 'preset' in built.params).toBe(false);
  });

  it('reports every wrong field at once', () => {
    const built = buildFetchParams(form({ symbolsText: 'BTC-USDT', from: '', to: '', concurrency: '0' }));
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(Object.keys(built.errors).sort()).toEqual(['concurrency', 'from', 'symbols', 'to']);
    expect(built.errors.from).toBe('Pick the first UTC day to fetch.');
  });

  it('refuses concurrency outside 1..32 or not whole', () => {
    for (const concurrency of ['33', '2.5', 'eight', '']) {
      const built = buildFetchParams(form({ concurrency }));
      expect(built.ok ? 'accepted' : built.errors.concurrency, concurrency).toMatch(/1 to 32/);
    }
    expect(buildFetchParams(form({ concurrency: ' 32 ' })).ok).toBe(true);
  });

  it('checks the date order even while another field is wrong', () => {
    const reversed = buildFetchParams(form({ symbolsText: 'BTC-USD', from: '2025-02-01', to: '2025-01-01' }));
    expect(reversed.ok ? null : reversed.errors).toMatchObject({
      symbols: expect.stringContaining('"BTC-USD"'),
      from: '"From" (2025-02-01) is after "To" (2025-01-01).',
    });
  });

  it('puts the schema’s calendar check on the date field', () => {
    const notADay = buildFetchParams(form({ from: '2025-02-30', to: '2025-03-01' }));
    expect(notADay.ok ? null : notADay.errors.from).toBe('not a calendar date');
  });

  it('refuses more symbols than one job takes, on the symbols field', () => {
    const many = Array.from({ length: 501 }, (_, i) => `C${i}USDT`).join(' ');
    const built = buildFetchParams(form({ symbolsText: many }));
    expect(built.ok ? null : Object.keys(built.errors)).toEqual(['symbols']);
  });
});

describe('buildFuturesParams', () => {
  const futures = {
    symbolsText: 'btcusdt ethusdt',
    what: ['funding', 'oi'] as const,
    from: '2024-01-01',
    to: '2024-12-31',
  };

  it('builds the contract parameters with the lab’s concurrency', () => {
    expect(buildFuturesParams(futures, 4)).toMatchObject({
      ok: true,
      params: {
        symbols: ['BTCUSDT', 'ETHUSDT'],
        what: ['funding', 'oi'],
        from: '2024-01-01',
        to: '2024-12-31',
        concurrency: 4,
        endpoints: {},
      },
    });
  });

  it('falls back to the contract default concurrency before the settings answer', () => {
    const built = buildFuturesParams(futures);
    expect(built.ok && built.params.concurrency).toBe(8);
  });

  it('asks for at least one kind of data and valid symbols', () => {
    const built = buildFuturesParams({ ...futures, symbolsText: '', what: [] });
    expect(built.ok ? null : built.errors).toEqual({
      symbols: 'Enter at least one symbol, e.g. BTCUSDT.',
      what: 'Tick at least one kind of futures data.',
    });
  });
});
