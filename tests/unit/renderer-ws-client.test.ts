import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LabError, type Job } from '../../src/shared/contract/index.js';
import { createWebSocketClient, type SocketLike } from '../../src/renderer/transport/ws-client.js';

/** A socket the test drives by hand: it records what the client sends. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Array<{ id: number; method: string; input: unknown }> = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = ''): void {
    this.drop(code, reason);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const info = { version: '0.1.0', dataDir: '/tmp/lab', shell: 'server', canPickFolders: false };

const job: Job = {
  id: 7,
  kind: 'import-binance-files',
  params: { paths: ['/x'] },
  status: 'running',
  progress: { done: 1, total: 4, unit: 'files', rate: 2, etaSeconds: 1.5 },
  error: null,
  summary: null,
  issues: [],
  createdAt: '2024-01-01T00:00:00.000Z',
  startedAt: '2024-01-01T00:00:01.000Z',
  endedAt: null,
  attempts: 1,
};

describe('createWebSocketClient', () => {
  let sockets: FakeSocket[];
  const connect = () =>
    createWebSocketClient('ws://lab/ws?token=t', {
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      reconnectDelay: (attempt) => attempt * 100,
      queuedCallTimeoutMs: 5000,
    });

  beforeEach(() => {
    sockets = [];
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('queues calls until the socket opens, then sends WireRequests and resolves validated results', async () => {
    const client = connect();
    expect(client.connection.get()).toMatchObject({ status: 'connecting', epoch: 0 });
    const pending = client.api.getInfo({});
    expect(sockets[0].sent).toEqual([]);
    sockets[0].open();
    expect(client.connection.get()).toMatchObject({ status: 'connected', epoch: 1 });
    expect(sockets[0].sent).toEqual([{ id: 1, method: 'getInfo', input: {} }]);
    sockets[0].receive({ t: 'result', id: 1, ok: true, result: info });
    await expect(pending).resolves.toEqual(info);
  });

  it('throws a LabError carrying the server message and kind', async () => {
    const client = connect();
    sockets[0].open();
    const pending = client.api.startImport({ paths: [] as unknown as [string] });
    sockets[0].receive({
      t: 'result',
      id: 1,
      ok: false,
      error: { kind: 'invalid-input', message: 'paths: too small' },
    });
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).message).toBe('paths: too small');
    expect((err as LabError).kind).toBe('invalid-input');
  });

  it('rejects a result that does not match the method output schema', async () => {
    const client = connect();
    sockets[0].open();
    const pending = client.api.getInfo({});
    sockets[0].receive({ t: 'result', id: 1, ok: true, result: { version: 1 } });
    await expect(pending).rejects.toThrow(/invalid result for "getInfo"/);
  });

  it('fails the call a malformed message names, and ignores garbage', async () => {
    const client = connect();
    sockets[0].open();
    const pending = client.api.getCoverage({});
    sockets[0].receive('not json');
    sockets[0].receive({ t: 'result', id: 1 });
    await expect(pending).rejects.toThrow(/malformed answer to "getCoverage"/);
  });

  it('delivers validated events and drops invalid ones', () => {
    const client = connect();
    sockets[0].open();
    const events: unknown[] = [];
    const off = client.onEvent((e) => events.push(e));
    sockets[0].receive({ t: 'event', event: { type: 'job.progress', job } });
    sockets[0].receive({ t: 'event', event: { type: 'job.progress', job: { id: 'x' } } });
    sockets[0].receive({ t: 'event', event: { type: 'coverage.changed' } });
    off();
    sockets[0].receive({ t: 'event', event: { type: 'coverage.changed' } });
    expect(events).toEqual([{ type: 'job.progress', job }, { type: 'coverage.changed' }]);
  });

  it('rejects calls in flight on disconnect, reconnects with backoff and bumps the epoch', async () => {
    const client = connect();
    sockets[0].open();
    const inFlight = client.api.listJobs({});
    sockets[0].drop(1006);
    await expect(inFlight).rejects.toThrow(
      /Lost the connection to the lab server .* before "listJobs" answered/,
    );
    expect(client.connection.get()).toMatchObject({ status: 'reconnecting', attempt: 1 });

    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(2);
    sockets[1].drop(1006);
    expect(client.connection.get()).toMatchObject({ status: 'reconnecting', attempt: 2 });
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);

    const queued = client.api.getInfo({});
    sockets[2].open();
    expect(client.connection.get()).toMatchObject({ status: 'connected', attempt: 0, epoch: 2 });
    sockets[2].receive({ t: 'result', id: sockets[2].sent[0].id, ok: true, result: info });
    await expect(queued).resolves.toEqual(info);
  });

  it('fails a queued call when the link does not come back in time', async () => {
    const client = connect();
    const pending = client.api.getInfo({});
    vi.advanceTimersByTime(5000);
    await expect(pending).rejects.toThrow(/Not connected to the lab server/);
    sockets.at(-1)!.open();
    expect(sockets.at(-1)!.sent).toEqual([]);
  });

  it('stops reconnecting once closed', () => {
    const client = connect();
    sockets[0].open();
    client.close();
    expect(client.connection.get().status).toBe('closed');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });
});
