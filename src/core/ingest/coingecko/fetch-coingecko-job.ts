import {
  FetchCoinGeckoParams,
  type CoinGeckoFetchSummary,
  type CoinGeckoSnapshotKind,
} from '../../../shared/contract/index.js';
import { JobCancelled, type JobContext } from '../../jobs/job-context.js';
import { ProgressMeter } from '../../jobs/progress-meter.js';
import { settingDefaults } from '../../settings/settings-repo.js';
import { writeCoinGeckoSnapshot } from '../../store/coingecko-repo.js';
import { CoinGeckoClient } from './coingecko-client.js';
import { marketItems } from './market-items.js';
import { MarketsPage, TrendingResponse, type MarketsCoin } from './schemas.js';
import { trendingItems } from './trending-items.js';

/**
 * The `fetch-coingecko` job: takes a snapshot of the coins by market cap (`/coins/markets`, pages
 * × perPage) and of the trending list (`/search/trending`) as they are now, each stored whole in
 * one transaction and stamped with the time it was taken. CoinGecko keeps no history of either,
 * so there is nothing to resume: a re-run records newer snapshots beside the older ones.
 */
export async function runFetchCoinGeckoJob(
  rawParams: unknown,
  ctx: JobContext,
): Promise<CoinGeckoFetchSummary> {
  const params = FetchCoinGeckoParams.parse(rawParams);
  if (params.vsCurrency !== 'usd')
    throw new Error(
      `fetch-coingecko: vsCurrency "${params.vsCurrency}" is not supported: snapshots store USD figures ` +
        '(and /search/trending gives USD only). Use "usd".',
    );
  const baseUrl = params.endpoints.coingeckoUrl ?? settingDefaults.coingeckoUrl;
  const kinds = [...new Set(params.what)];
  const summary: CoinGeckoFetchSummary = { requests: 0, snapshots: [], notes: [] };
  const total = kinds.reduce((n, kind) => n + (kind === 'markets' ? params.pages : 1), 0);
  const meter = new ProgressMeter('requests', ctx.now);
  let done = 0;
  const report = (message: string) => ctx.progress(meter.update(done, total, message));

  const client = new CoinGeckoClient({
    baseUrl,
    apiKey: ctx.secrets.coingeckoApiKey,
    signal: ctx.signal,
    onWait: ({ what, reason, delayMs }) =>
      report(`waiting ${Math.ceil(delayMs / 1000)} s before ${what}: ${reason}`),
  });
  if (client.access.plan === 'keyless')
    summary.notes.push(
      `No CoinGecko API key: public access, throttled to ${client.access.callsPerMinute} calls/minute ` +
        '(set COINGECKO_API_KEY or the key in Settings for a higher limit).',
    );

  const take: Record<CoinGeckoSnapshotKind, () => Promise<void>> = {
    markets: async () => {
      const pages: MarketsCoin[][] = [];
      for (let page = 1; page <= params.pages; page++) {
        report(`/coins/markets page ${page} of ${params.pages}`);
        const coins = await client.get(
          '/coins/markets',
          { vs_currency: params.vsCurrency, order: 'market_cap_desc', per_page: params.perPage, page },
          MarketsPage,
          `/coins/markets page ${page}`,
        );
        pages.push(coins);
        done++;
        if (coins.length < params.perPage && page < params.pages) {
          // A short page is the end of CoinGecko's list: the pages after it would be empty.
          summary.notes.push(
            `CoinGecko listed ${pages.flat().length} coins in all; pages ${page + 1}–${params.pages} were not requested.`,
          );
          done += params.pages - page;
          break;
        }
      }
      const { items, sourceTime, duplicates, rankFallbacks } = marketItems(pages);
      if (items.length === 0) {
        summary.notes.push('CoinGecko /coins/markets listed no coins: no markets snapshot was stored.');
        return;
      }
      const id = writeCoinGeckoSnapshot(ctx.db, { kind: 'markets', takenAt: ctx.now(), sourceTime, items });
      summary.snapshots.push({ kind: 'markets', id, items: items.length });
      if (duplicates > 0)
        summary.notes.push(
          `${duplicates} coin(s) appeared on two pages (the ranking moved while paging); the first listing was kept.`,
        );
      if (rankFallbacks > 0)
        summary.notes.push(
          `${rankFallbacks} coin(s) had no market-cap rank of their own; their position in the list is used as rank.`,
        );
    },
    trending: async () => {
      report('/search/trending');
      const response = await client.get('/search/trending', {}, TrendingResponse);
      done++;
      const items = trendingItems(response);
      if (items.length === 0) {
        summary.notes.push('CoinGecko /search/trending listed no coins: no trending snapshot was stored.');
        return;
      }
      const id = writeCoinGeckoSnapshot(ctx.db, {
        kind: 'trending',
        takenAt: ctx.now(),
        sourceTime: null,
        items,
      });
      summary.snapshots.push({ kind: 'trending', id, items: items.length });
    },
  };

  try {
    for (const kind of kinds) {
      if (ctx.isCancelled()) throw new JobCancelled(summary);
      await take[kind]();
      summary.requests = client.requestsSent;
      report(`${kind} snapshot stored`);
    }
  } catch (err) {
    summary.requests = client.requestsSent;
    if (err instanceof JobCancelled || ctx.signal.aborted || ctx.isCancelled())
      throw new JobCancelled(summary);
    throw err;
  }
  summary.requests = client.requestsSent;
  if (client.retries > 0)
    summary.notes.push(
      `${client.retries} request(s) were repeated after a rate limit, a server error or a network error.`,
    );
  return summary;
}
