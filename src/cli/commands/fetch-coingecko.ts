import { Command } from 'commander';
import { CoinGeckoSnapshotKind, FetchCoinGeckoParams, type Job } from '../../shared/contract/index.js';
import { COINGECKO_CALLS_PER_MINUTE } from '../../core/ingest/coingecko/request-throttle.js';
import type { Lab } from '../../core/lab-types.js';
import { formatCoinGeckoReport } from '../coingecko-report.js';
import { lowerCaseList, wholeNumber } from '../option-parsers.js';
import { runFetchJob, validated, withFetchJobOptions } from '../run-fetch-job.js';

interface FetchCoinGeckoOptions {
  what: string;
  perPage?: number;
  pages?: number;
  coingeckoUrl?: string;
  dataDir?: string;
  json?: boolean;
}

export function fetchCoinGeckoCommand(): Command {
  const command = new Command('coingecko')
    .description(
      'record CoinGecko snapshots as of now: coins by market cap (/coins/markets) and trending searches (/search/trending)',
    )
    .option(
      '--what <list>',
      `what to record, from ${CoinGeckoSnapshotKind.options.join(', ')}`,
      CoinGeckoSnapshotKind.options.join(','),
    )
    .option('--per-page <n>', 'coins per /coins/markets page, 1–250 (default 250)', wholeNumber(1, 250))
    .option('--pages <n>', 'pages of /coins/markets, 1–20 (default 1)', wholeNumber(1, 20))
    .option(
      '--coingecko-url <url>',
      'API root (default https://api.coingecko.com/api/v3, or the setting; env TRADELAB_COINGECKO_URL)',
    );
  return withFetchJobOptions(command)
    .addHelpText(
      'after',
      '\nAPI key (optional): COINGECKO_API_KEY, or the key in the desktop Settings. A Demo key is sent as ' +
        'x-cg-demo-api-key; a Pro key needs --coingecko-url https://pro-api.coingecko.com/api/v3 and is sent as x-cg-pro-api-key.\n' +
        `Requests are throttled to ${COINGECKO_CALLS_PER_MINUTE.keyless} a minute without a key, ` +
        `${COINGECKO_CALLS_PER_MINUTE.demo} with a Demo key (the free plan allows 30) and ${COINGECKO_CALLS_PER_MINUTE.pro} with a Pro key.\n` +
        '\nCoinGecko keeps no history of these lists: each run records a new snapshot stamped with its time.\n' +
        '\nExample:\n  tradelab fetch coingecko --what markets --pages 2 --per-page 250',
    )
    .action(async (options: FetchCoinGeckoOptions) => {
      process.exitCode = await runFetchCoinGecko(options);
    });
}

async function runFetchCoinGecko(options: FetchCoinGeckoOptions): Promise<number> {
  const params = validated(
    FetchCoinGeckoParams,
    {
      what: lowerCaseList(options.what),
      ...(options.perPage ? { perPage: options.perPage } : {}),
      ...(options.pages ? { pages: options.pages } : {}),
      endpoints: options.coingeckoUrl ? { coingeckoUrl: options.coingeckoUrl } : {},
    },
    'fetch',
  );
  return runFetchJob(options, (lab) => ({
    label: 'CoinGecko fetch',
    start: () => lab.startFetchCoinGecko(params),
    // The report needs the stored snapshots, read back once the job has ended.
    report: async (job) => formatCoinGeckoReport(job, await snapshotsOf(lab, job)),
  }));
}

/** The snapshots the job stored, as of its end (a later run's would be newer). */
async function snapshotsOf(lab: Lab, job: Job) {
  const at = job.endedAt ?? new Date().toISOString();
  const ids = new Set(
    ((job.summary?.snapshots ?? []) as { id?: unknown }[]).map((s) => s.id).filter((id) => id !== undefined),
  );
  if (ids.size === 0) return [];
  return (await lab.getCoinGeckoSnapshots({ at })).filter((s) => ids.has(s.id));
}
