import { Command, Option } from 'commander';
import { FetchYahooParams, YahooInterval } from '../../shared/contract/index.js';
import { runFetchJob, validated, withFetchJobOptions } from '../run-fetch-job.js';
import { tickersOption, tickersOrSetting, type TickersFlag } from '../ticker-options.js';
import { yahooUrlOption } from '../yahoo-options.js';
import { formatYahooReport } from '../yahoo-report.js';

interface FetchYahooOptions {
  tickers?: string[];
  interval: string;
  from?: string;
  to?: string;
  events: boolean;
  yahooUrl?: string;
  dataDir?: string;
  json?: boolean;
}

const TICKERS: TickersFlag = { example: 'AAPL,MSFT' };

export function fetchYahooCommand(): Command {
  const command = new Command('yahoo')
    .description(
      'Yahoo Finance chart bars for stocks and ETFs: a backup and gap filler that never replaces bars already stored; also splits and dividends',
    )
    .addOption(tickersOption(TICKERS))
    .addOption(
      new Option('--interval <interval>', 'bar interval').choices(YahooInterval.options).default('1d'),
    )
    .option(
      '--from <date>',
      'first New York date, YYYY-MM-DD (default: as far back as Yahoo keeps the interval)',
    )
    .option('--to <date>', 'last New York date, YYYY-MM-DD (default: today)')
    .option('--no-events', 'do not store splits and dividends (they are still read to rebuild raw prices)')
    .addOption(yahooUrlOption());
  return withFetchJobOptions(command)
    .addHelpText(
      'after',
      '\nWhat Yahoo keeps: 1m the last 30 days (asked 7 days at a time), 5m/15m/30m the last 60 days, ' +
        '1h the last 730 days, 1d all history; longer ranges are clipped with a note. Prices are stored raw ' +
        '(Yahoo’s split adjustment is undone); the adjusted series is derived from the stored splits and dividends. ' +
        'Requests are throttled to about 2,000 an hour.\n' +
        '\nExit status: 0 when the fetch finished (failed tickers are listed, not fatal), 1 when it failed (every ticker failing included), 2 for bad options, 130 after Ctrl-C.\n' +
        '\nExample:\n  tradelab fetch yahoo --tickers AAPL,MSFT --interval 1m',
    )
    .action(async (options: FetchYahooOptions) => {
      process.exitCode = await runFetchYahoo(options);
    });
}

async function runFetchYahoo(options: FetchYahooOptions): Promise<number> {
  return runFetchJob(options, async (lab) => {
    // Validated before the job starts, so a bad option is exit status 2 naming the flag.
    const params = validated(
      FetchYahooParams,
      {
        tickers: await tickersOrSetting(lab, options.tickers, 'fetch from Yahoo', TICKERS),
        interval: options.interval,
        ...(options.from ? { from: options.from } : {}),
        ...(options.to ? { to: options.to } : {}),
        events: options.events,
        endpoints: options.yahooUrl ? { yahooUrl: options.yahooUrl } : {},
      },
      'fetch yahoo',
    );
    return { label: 'Yahoo fetch', start: () => lab.startFetchYahoo(params), report: formatYahooReport };
  });
}
