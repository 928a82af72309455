import { Command } from 'commander';
import { FetchNewsParams, type NewsItem } from '../../shared/contract/index.js';
import type { Lab } from '../../core/lab-types.js';
import { formatNewsReport, REPORT_HEADLINES } from '../news-report.js';
import { wholeNumber } from '../option-parsers.js';
import { runFetchJob, validated, withFetchJobOptions } from '../run-fetch-job.js';
import { tickersOption, tickersOrSetting, type TickersFlag } from '../ticker-options.js';
import { yahooUrlOption } from '../yahoo-options.js';

interface FetchNewsOptions {
  tickers?: string[];
  perTicker?: number;
  yahooUrl?: string;
  dataDir?: string;
  json?: boolean;
}

const TICKERS: TickersFlag = { example: 'AAPL,AMZN' };

export function fetchNewsCommand(): Command {
  const command = new Command('news')
    .description(
      'Yahoo news headlines per ticker, stored as first seen (point in time) and scored with the finance lexicon',
    )
    .addOption(tickersOption(TICKERS))
    .option('--per-ticker <n>', 'headlines asked for per ticker, 1–100 (default 20)', wholeNumber(1, 100))
    .addOption(yahooUrlOption());
  return withFetchJobOptions(command)
    .addHelpText(
      'after',
      '\nYahoo keeps only recent headlines and no history: each run stores the headlines it has not seen ' +
        'before, stamped with when the lab first saw them. Scores: docs/finance-lexicon.md.\n' +
        '\nExit status: 0 when the fetch finished (failed tickers are listed, not fatal), 1 when it failed (every ticker failing included), 130 after Ctrl-C.\n' +
        '\nExample:\n  tradelab fetch news --tickers AAPL,AMZN --per-ticker 10',
    )
    .action(async (options: FetchNewsOptions) => {
      process.exitCode = await runFetchNews(options);
    });
}

async function runFetchNews(options: FetchNewsOptions): Promise<number> {
  return runFetchJob(options, async (lab) => {
    const params = validated(
      FetchNewsParams,
      {
        tickers: await tickersOrSetting(lab, options.tickers, 'fetch news', TICKERS),
        ...(options.perTicker ? { perTicker: options.perTicker } : {}),
        endpoints: options.yahooUrl ? { yahooUrl: options.yahooUrl } : {},
      },
      'fetch news',
    );
    return {
      label: 'news fetch',
      start: () => lab.startFetchNews(params),
      // The report lists stored headlines, read back once the job has ended.
      report: async (job) => formatNewsReport(job, await newestHeadlines(lab, params.tickers)),
    };
  });
}

/** The newest stored headlines about any of the tickers, newest first. */
async function newestHeadlines(lab: Lab, tickers: string[]): Promise<NewsItem[]> {
  const byId = new Map<string, NewsItem>();
  for (const ticker of tickers)
    for (const item of await lab.getNews({ ticker, limit: REPORT_HEADLINES })) byId.set(item.id, item);
  return [...byId.values()]
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id.localeCompare(a.id))
    .slice(0, REPORT_HEADLINES);
}
