import { describe, expect, it } from 'vitest';
import { LabError } from '../../src/shared/contract/index.js';
import { buildHeatmap, completeness, dayRange, headerCells } from '../../src/renderer/lib/heatmap.js';
import { fromIpcError } from '../../src/renderer/transport/ipc-error.js';
import { TOKEN_STORAGE_KEY, takeServerToken, webSocketUrl } from '../../src/renderer/transport/token.js';

function place(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    args: {
      location: { href },
      history: {
        state: null,
        replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(url ?? ''),
      },
      storage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => void storage.set(k, v),
      },
    },
  };
}

describe('server token', () => {
  it('takes the token from the URL, stores it and removes it from the address bar', () => {
    const p = place('http://127.0.0.1:5000/?token=abc&x=1#/data');
    expect(takeServerToken(p.args)).toBe('abc');
    expect(p.storage.get(TOKEN_STORAGE_KEY)).toBe('abc');
    expect(p.replaced).toEqual(['/?x=1#/data']);
  });

  it('falls back to the stored token after a reload without it', () => {
    const p = place('http://127.0.0.1:5000/#/data', { [TOKEN_STORAGE_KEY]: 'abc' });
    expect(takeServerToken(p.args)).toBe('abc');
    expect(p.replaced).toEqual([]);
  });

  it('builds the WebSocket URL on the page origin', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5000' }, 'a+b')).toBe(
      'ws://127.0.0.1:5000/ws?token=a%2Bb',
    );
    expect(webSocketUrl({ protocol: 'https:', host: 'lab.example' }, null)).toBe('wss://lab.example/ws');
  });
});

describe('fromIpcError', () => {
  it('restores the LabError kind the preload put in the name', () => {
    const err = new Error('No job 9.');
    err.name = 'LabError[not-found]';
    const out = fromIpcError(err);
    expect(out).toBeInstanceOf(LabError);
    expect(out.message).toBe('No job 9.');
    expect((out as LabError).kind).toBe('not-found');
  });

  it("strips Electron's remote-method wrapping", () => {
    const out = fromIpcError(new Error("Error invoking remote method 'lab:getJob': Error: boom"));
    expect(out.message).toBe('boom');
  });
});

describe('heatmap model', () => {
  it('lays instruments over a gap-free day axis with month marks', () => {
    const d = (symbol: string, day: string, bars: number) => ({
      symbol,
      market: 'crypto-spot' as const,
      interval: '1m',
      day,
      bars,
      expected: 1440,
      gaps: 0,
    });
    const model = buildHeatmap([
      d('ETHUSDT', '2024-02-01', 1440),
      d('BTCUSDT', '2024-01-30', 720),
      d('BTCUSDT', '2024-02-02', 1440),
    ]);
    expect(model.columns.map((c) => (c.kind === 'day' ? c.day : 'skip'))).toEqual([
      '2024-01-30',
      '2024-01-31',
      '2024-02-01',
      '2024-02-02',
    ]);
    expect(model.rows.map((r) => r.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(model.months).toEqual([
      { column: 0, label: 'Jan 2024' },
      { column: 2, label: 'Feb' },
    ]);
    expect(completeness(model.rows[0].byDay.get('2024-01-30')!)).toBe(0.5);
    expect(dayRange('2024-01-02', '2024-01-01')).toEqual([]);
  });

  it('folds long stretches that are empty in every row', () => {
    const d = (day: string) => ({
      symbol: 'BTCUSDT',
      market: 'crypto-spot' as const,
      interval: '1h',
      day,
      bars: 24,
      expected: 24,
      gaps: 0,
    });
    const model = buildHeatmap([d('2023-12-30'), d('2024-01-20'), d('2024-01-22')], 14);
    expect(model.columns).toEqual([
      { kind: 'day', day: '2023-12-30' },
      { kind: 'skip', from: '2023-12-31', to: '2024-01-19', days: 20 },
      { kind: 'day', day: '2024-01-20' },
      { kind: 'day', day: '2024-01-21' },
      { kind: 'day', day: '2024-01-22' },
    ]);
    expect(model.months).toEqual([
      { column: 0, label: 'Dec 2023' },
      { column: 2, label: 'Jan 2024' },
    ]);
    expect(headerCells(model)).toEqual([
      { start: 0, span: 1, label: 'Dec 2023', skip: false },
      { start: 1, span: 1, label: '⋯', skip: true },
      { start: 2, span: 3, label: 'Jan 2024', skip: false },
    ]);
  });
});
