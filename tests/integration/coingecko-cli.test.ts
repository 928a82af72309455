import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCoinGeckoReplay, type CoinGeckoReplay } from '../helpers/coingecko-replay/coingecko-replay.js';
import { tempDir } from '../helpers/paths.js';
import { lastJson, runCli } from '../helpers/run-cli.js';

// `tradelab fetch coingecko` as a user runs it (the built CLI: `npm run build:node` first).
const KEY = 'test-key-cli-0b5e2c';

let replay: CoinGeckoReplay;
beforeAll(async () => {
  replay = await startCoinGeckoReplay();
});
afterAll(async () => {
  await replay.close();
});
beforeEach(() => {
  replay.requests.length = 0;
  replay.setFaults([]);
});

const fetchCoinGecko = (args: string[]) =>
  runCli(['fetch', 'coingecko', '--data-dir', tempDir(), ...args], { env: { COINGECKO_API_KEY: KEY } });

describe('tradelab fetch coingecko', () => {
  it('records both snapshots and prints the top 10 of each', async () => {
    const run = await fetchCoinGecko(['--coingecko-url', replay.url, '--per-page', '100', '--pages', '2']);
    expect(run.stderr).not.toContain(KEY);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^CoinGecko fetch done: stored markets #1 \(200 coins\), trending #2 \(15 coins\); 3 requests\.$/,
    );
    const marketsTitle = lines.findIndex((l) => l.startsWith('Coins by market cap'));
    expect(lines[marketsTitle]).toMatch(/CoinGecko data of 2023-07-28T20:03:30\.0\d\dZ\): top 10 of 200$/);
    expect(lines[marketsTitle + 2]).toMatch(/^\s+1\s+Bitcoin\s+BTC\s+29,309\.00\s+569\.78B\s+7\.56B$/);
    expect(lines[marketsTitle + 11]).toMatch(/^\s+10\s/);
    const trendingTitle = lines.findIndex((l) => l.startsWith('Trending searches'));
    expect(lines[trendingTitle]).toMatch(/top 10 of 15$/);
    expect(lines[trendingTitle + 2]).toMatch(/^\s+1\s+Qubic\s+QUBIC\s+368\s+9\.048e-7\s+104\.13M\s+3\.46M$/);
    expect(lines.slice(trendingTitle + 2).filter((l) => /^\s+\d+\s/.test(l))).toHaveLength(10);
  });

  it('prints job events and the final job with --json', async () => {
    const run = await fetchCoinGecko(['--coingecko-url', replay.url, '--what', 'trending', '--json']);
    expect(run.code).toBe(0);
    const job = lastJson<{ status: string; summary: unknown }>(run.stdout);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ requests: 1, snapshots: [{ kind: 'trending', items: 15 }] });
  });

  it('exits 1 with the key advice when CoinGecko refuses the key', async () => {
    replay.setFaults([{ match: '/coins/markets', fault: { type: 'status', status: 401 } }]);
    const run = await fetchCoinGecko(['--coingecko-url', replay.url, '--what', 'markets']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/CoinGecko fetch failed: CoinGecko refused .*COINGECKO_API_KEY/);
    expect(run.stderr).not.toContain(KEY);
    expect(replay.requests).toHaveLength(1);
  });

  it('rejects bad options before starting anything (exit 2)', async () => {
    const badPage = await fetchCoinGecko(['--coingecko-url', replay.url, '--per-page', '300']);
    expect(badPage.code).not.toBe(0);
    expect(badPage.stderr).toMatch(/--per-page.*1 to 250/);
    const badWhat = await fetchCoinGecko(['--coingecko-url', replay.url, '--what', 'markets,ohlc']);
    expect(badWhat.code).toBe(2);
    expect(badWhat.stderr).toMatch(/--what/);
    expect(replay.requests).toHaveLength(0);
  });
});
