import { Command, InvalidArgumentError } from 'commander';
import { FetchNewsParams, type NewsItem } from '../../shared/contract/index.js';
import type { Lab } from '../../core/lab-types.js';
import { CliError } from '../cli-error.js';
import { createCliLogger } from '../cli-logger.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { formatNewsReport, REPORT_HEADLINES } from '../news-report.js';
import { openCliLab } from '../open-cli-lab.js';
import { runJobCommand } from '../run-job-command.js';
import { validated } from '../run-fetch-job.js';
import { writeStdout } from '../stdout.js';

interface FetchNewsOptions {
  tickers?: string[];
  perTicker?: number;
  yahooUrl?: string;
  dataDir?: string;
  json?: boolean;
}

/** Comma-separated tickers, upper-cased, without blanks or duplicates. */
function parseTickerList(value: string): string[] {
  const tickers = [
    ...new Set(
      value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((t) => t.toUpperCase()),
    ),
  ];
  if (tickers.length === 0) throw new InvalidArgumentError('give at least one ticker, e.g. AAPL,AMZN');
  return tickers;
}

function parsePerTicker(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new InvalidArgumentError('a whole number from 1 to 100');
  return n;
}

export function fetchNewsCommand(): Command {
  const command = new Command('news')
    .description(
      'Yahoo news headlines per ticker, stored as first seen (point in time) and scored with the finance lexicon',
    )
    .option(
      '--tickers <list>',
      'comma-separated tickers (default: the stockTickers setting)',
      parseTickerList,
    )
    .option('--per-ticker <n>', 'headlines asked for per ticker, 1–100 (default 20)', parsePerTicker)
    .option(
      '--yahoo-url <url>',
      'Yahoo base URL (default https://query2.finance.yahoo.com, or the setting; env TRADELAB_YAHOO_URL)',
    )
    .option('--json', 'print each job event as one JSON line, and the final job as the last line');
  return withDataDirOption(command)
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
  const dataDir = prepareDataDir(options.dataDir);
  const lab = await openCliLab(dataDir, 'cli', createCliLogger('fetch'));
  try {
    const tickers = options.tickers ?? (await lab.getSettings({})).stockTickers.value;
    if (tickers.length === 0)
      throw new CliError(
        'Cannot fetch news: give --tickers (e.g. --tickers AAPL,AMZN) or set stockTickers',
        2,
      );
    const params = validated(
      FetchNewsParams,
      {
        tickers,
        ...(options.perTicker ? { perTicker: options.perTicker } : {}),
        endpoints: options.yahooUrl ? { yahooUrl: options.yahooUrl } : {},
      },
      'fetch news',
    );
    const { code, job } = await runJobCommand(lab, {
      label: 'news fetch',
      json: options.json,
      start: () => lab.startFetchNews(params),
      // The report lists stored headlines, read back below once the job has ended.
      report: () => [],
    });
    if (job && !options.json)
      for (const line of formatNewsReport(job, await newestHeadlines(lab, params.tickers))) writeStdout(line);
    return code;
  } finally {
    await lab.close();
  }
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
