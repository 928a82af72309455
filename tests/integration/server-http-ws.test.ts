import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Lab } from '../../src/core/lab-types.js';
import type { CoverageRow, Job, LabEvent, WireMessage } from '../../src/shared/contract/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';

/** An in-memory Lab: answers from fixed data and lets the test push events. */
function createFakeLab() {
  const listeners = new Set<(event: LabEvent) => void>();
  const job: Job = {
    id: 7,
    kind: 'import-binance-files',
    params: { paths: ['/data'] },
    status: 'queued',
    progress: null,
    error: null,
    summary: null,
    issues: [],
    createdAt: '2020-01-01T00:00:00.000Z',
    startedAt: null,
    endedAt: null,
    attempts: 0,
  };
  const coverage: CoverageRow[] = [
    {
      symbol: 'BTCUSDT',
      venue: 'binance',
      market: 'crypto-spot',
      interval: '1m',
      bars: 4320,
      first: '2020-01-01T00:00:00.000Z',
      last: '2020-01-03T23:59:00.000Z',
      days: 3,
      gaps: 0,
    },
  ];
  const lab: Lab & { emit(event: LabEvent): void; listenerCount(): number; imports: unknown[] } = {
    imports: [],
    async getInfo() {
      return { version: '0.0.0-test', dataDir: '/tmp/fake', shell: 'test', canPickFolders: false };
    },
    async getCoverage() {
      return coverage;
    },
    async getCoverageDays() {
      return [];
    },
    async listJobs() {
      return [job];
    },
    async getJob() {
      return job;
    },
    async startImport(input) {
      lab.imports.push(input);
      return { jobId: job.id };
    },
    async cancelJob() {
      throw new Error('fake lab: cancel exploded');
    },
    // Methods this server test never calls: the fake says so if one is reached.
    ...notInThisFake([
      'startFetchBinance',
      'startFetchBinanceFutures',
      'startUniverseRefresh',
      'getUniverse',
      'startQualityReport',
      'getQualityReports',
      'getSettings',
      'updateSettings',
      'startFetchPolygon',
      'startFetchYahoo',
      'startFetchNews',
      'startFetchCoinGecko',
      'getNews',
      'getCorporateActions',
      'getCoinGeckoSnapshots',
      'getCredentialsStatus',
      'setCredentials',
      'listFeatures',
      'getMarketClosures',
      'startExportFeatures',
      'getTrainingDefaults',
      'startTraining',
      'resumeTraining',
      'listTrainingRuns',
      'getTrainingRun',
      'listModels',
      'deleteModel',
    ]),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {},
    async close() {},
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    listenerCount: () => listeners.size,
  };
  return { lab, job };
}

function notInThisFake<K extends keyof Lab>(names: K[]): Pick<Lab, K> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      async () => Promise.reject(new Error(`fake lab: ${name} is not part of this test`)),
    ]),
  ) as unknown as Pick<Lab, K>;
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** GET with the path sent byte for byte (fetch would normalise `..` away before sending). */
function rawGet(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: rawPath, method: 'GET', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with the socket, or rejects with the HTTP status of a refusal. */
function connect(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Collects server messages so a test can wait for the one it expects. */
function messages(ws: WebSocket) {
  const received: WireMessage[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    received.push(JSON.parse(String(data)) as WireMessage);
    waiters.splice(0).forEach((wake) => wake());
  });
  return async function next(match: (m: WireMessage) => boolean): Promise<WireMessage> {
    for (;;) {
      const found = received.find(match);
      if (found) return found;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching WebSocket message within 5s')), 5000);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
}

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body>lab</body></html>';

describe('headless server', () => {
  let root: string;
  let staticDir: string;
  let server: RunningServer;
  let fake: ReturnType<typeof createFakeLab>;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'tradelab-server-'));
    staticDir = path.join(root, 'renderer');
    await mkdir(path.join(staticDir, 'assets'), { recursive: true });
    await writeFile(path.join(staticDir, 'index.html'), INDEX_HTML);
    await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
    await writeFile(path.join(root, 'secret.txt'), 'outside the static dir');
    fake = createFakeLab();
    server = await startServer({ lab: fake.lab, staticDir });
  });

  afterEach(() => {
    for (const ws of sockets.splice(0)) ws.terminate();
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  const wsUrl = (query = `?token=${server.token}`) => `ws://127.0.0.1:${server.port}/ws${query}`;
  const open = async (url: string, headers?: Record<string, string>) => {
    const ws = await connect(url, headers);
    sockets.push(ws);
    return ws;
  };

  it('binds 127.0.0.1 by default and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('refuses HTTP without a token or with a wrong one', async () => {
    expect((await rawGet(server.port, '/')).status).toBe(401);
    expect((await rawGet(server.port, '/?token=wrong')).status).toBe(401);
    expect((await rawGet(server.port, '/', { Authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await rawGet(server.port, '/', { Cookie: `tradelab_token_${server.port}=wrong` })).status).toBe(
      401,
    );
  });

  it('serves the page for the right token, sets a strict cookie and security headers', async () => {
    const res = await rawGet(server.port, `/?token=${server.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`tradelab_token_${server.port}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        `connect-src 'self' ws://127.0.0.1:${server.port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('lets the page load its assets with the cookie or a bearer header', async () => {
    const byCookie = await rawGet(server.port, '/assets/app.js', {
      Cookie: `other=1; tradelab_token_${server.port}=${server.token}`,
    });
    expect(byCookie.status).toBe(200);
    expect(byCookie.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(byCookie.body).toBe('console.log("app")');
    const byBearer = await rawGet(server.port, '/assets/app.js', { Authorization: `Bearer ${server.token}` });
    expect(byBearer.status).toBe(200);
    expect(byBearer.headers['set-cookie']).toBeUndefined();
  });

  it('falls back to index.html for client routes but 404s missing assets', async () => {
    const auth = { Authorization: `Bearer ${server.token}` };
    expect((await rawGet(server.port, '/data', auth)).body).toBe(INDEX_HTML);
    expect((await rawGet(server.port, '/assets/missing.js', auth)).status).toBe(404);
  });

  it.each([
    '/../package.json',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..\\secret.txt',
  ])('never serves files outside the static dir: %s', async (attack) => {
    const res = await rawGet(server.port, attack, { Authorization: `Bearer ${server.token}` });
    expect(res.body).not.toContain('outside the static dir');
    expect(res.body).not.toContain('"name"');
    expect([200, 400, 404]).toContain(res.status);
    if (res.status === 200) expect(res.body).toBe(INDEX_HTML);
  });

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const res = await rawGet(server.port, `/?token=${server.token}`, { Host: `evil.example:${server.port}` });
    expect(res.status).toBe(403);
    const wrongPort = await rawGet(server.port, `/?token=${server.token}`, { Host: '127.0.0.1:1' });
    expect(wrongPort.status).toBe(403);
    const localhost = await rawGet(server.port, `/?token=${server.token}`, {
      Host: `localhost:${server.port}`,
    });
    expect(localhost.status).toBe(200);
    await expect(connect(wsUrl(), { Host: `evil.example:${server.port}` })).rejects.toThrow('refused 403');
  });

  it('refuses the WebSocket upgrade without a valid token or from a foreign origin', async () => {
    await expect(connect(wsUrl(''))).rejects.toThrow('refused 401');
    await expect(connect(wsUrl('?token=nope'))).rejects.toThrow('refused 401');
    await expect(connect(wsUrl(), { Origin: 'http://evil.example' })).rejects.toThrow('refused 403');
    await expect(connect(`ws://127.0.0.1:${server.port}/elsewhere?token=${server.token}`)).rejects.toThrow(
      'refused 404',
    );
  });

  it('accepts the upgrade from its own page origin with the cookie', async () => {
    const ws = await open(wsUrl(''), {
      Origin: `http://127.0.0.1:${server.port}`,
      Cookie: `tradelab_token_${server.port}=${server.token}`,
    });
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('answers lab calls over the WebSocket', async () => {
    const ws = await open(wsUrl());
    const next = messages(ws);
    ws.send(JSON.stringify({ id: 1, method: 'getCoverage', input: {} }));
    const coverage = await next((m) => m.t === 'result' && m.id === 1);
    expect(coverage).toMatchObject({ ok: true, result: [{ symbol: 'BTCUSDT', bars: 4320 }] });

    ws.send(JSON.stringify({ id: 2, method: 'startImport', input: { paths: ['/data/x'], market: 'spot' } }));
    expect(await next((m) => m.t === 'result' && m.id === 2)).toEqual({
      t: 'result',
      id: 2,
      ok: true,
      result: { jobId: 7 },
    });
    expect(fake.lab.imports).toContainEqual({ paths: ['/data/x'], market: 'spot' });
  });

  it('answers invalid input, unknown methods and failing calls with error results', async () => {
    const ws = await open(wsUrl());
    const next = messages(ws);
    ws.send(JSON.stringify({ id: 3, method: 'startImport', input: { paths: [] } }));
    expect(await next((m) => m.t === 'result' && m.id === 3)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    ws.send(JSON.stringify({ id: 4, method: 'dropDatabase', input: {} }));
    expect(await next((m) => m.t === 'result' && m.id === 4)).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    ws.send(JSON.stringify({ id: 5, method: 'cancelJob', input: { jobId: 7 } }));
    expect(await next((m) => m.t === 'result' && m.id === 5)).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: 'fake lab: cancel exploded' },
    });
  });

  it('answers malformed messages with an error result and keeps the socket open', async () => {
    const ws = await open(wsUrl());
    const next = messages(ws);
    ws.send('{not json');
    expect(await next((m) => m.t === 'result' && m.id === -1)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    ws.send(JSON.stringify({ id: 9, input: {} }));
    expect(await next((m) => m.t === 'result' && m.id === 9)).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ id: 10, method: 'getInfo', input: {} }));
    expect(await next((m) => m.t === 'result' && m.id === 10)).toMatchObject({
      ok: true,
      result: { shell: 'test' },
    });
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes a socket that sends more than the message size limit', async () => {
    const ws = await open(wsUrl());
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(1024 * 1024 + 1));
    expect(await closed).toBe(1009);
  });

  it('pushes lab events to every connected client and unsubscribes on close', async () => {
    const [a, b] = [await open(wsUrl()), await open(wsUrl())];
    const [nextA, nextB] = [messages(a), messages(b)];
    fake.lab.emit({ type: 'job.started', job: { ...fake.job, status: 'running' } });
    for (const next of [nextA, nextB]) {
      expect(await next((m) => m.t === 'event')).toMatchObject({
        t: 'event',
        event: { type: 'job.started', job: { id: 7 } },
      });
    }
    const before = fake.lab.listenerCount();
    const closed = new Promise((resolve) => a.once('close', resolve));
    a.close();
    await closed;
    await expect.poll(() => fake.lab.listenerCount()).toBe(before - 1);
  });
});

describe('headless server without a dashboard build', () => {
  it('answers 503 with the build instruction', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'tradelab-nobuild-'));
    const server = await startServer({ lab: createFakeLab().lab, staticDir: path.join(empty, 'renderer') });
    try {
      const res = await rawGet(server.port, `/?token=${server.token}`);
      expect(res.status).toBe(503);
      expect(res.body).toContain('Dashboard not built: run npm run build');
    } finally {
      await server.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('explains a port that is already taken', async () => {
    const first = await startServer({ lab: createFakeLab().lab });
    try {
      await expect(startServer({ lab: createFakeLab().lab, port: first.port })).rejects.toThrow(
        `Port ${first.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await first.close();
    }
  });
});
