import { Command } from 'commander';
import { FetchPolygonParams, PolygonDataset } from '../../shared/contract/index.js';
import { defaultStockTickers } from '../../shared/stock-tickers.js';
import { lowerCaseList, utcDay, wholeNumber } from '../option-parsers.js';
import { formatPolygonReport } from '../polygon-report.js';
import { runFetchJob, validated, withFetchJobOptions } from '../run-fetch-job.js';
import { tickersOption, tickersOrSetting, type TickersFlag } from '../ticker-options.js';

interface FetchPolygonOptions {
  tickers?: string[];
  from: string;
  to?: string;
  datasets: string;
  extendedHours?: boolean;
  concurrency?: number;
  endpoint?: string;
  bucket?: string;
  dataDir?: string;
  json?: boolean;
}

const TICKERS: TickersFlag = {
  example: 'AAPL,MSFT',
  description: 'comma-separated tickers, e.g. AAPL,MSFT (default: the stock tickers setting)',
};

export function fetchPolygonCommand(): Command {
  const command = new Command('polygon')
    .description(
      'US stock minute and day bars from the Polygon / Massive flat files (S3 day files), incremental',
    )
    .addOption(tickersOption(TICKERS))
    .requiredOption('--from <date>', 'first session day, YYYY-MM-DD (New York)')
    .option(
      '--to <date>',
      'last session day, YYYY-MM-DD (default: today; a file appears the day after its session)',
    )
    .option('--datasets <list>', `which day files, from ${PolygonDataset.options.join(', ')}`, 'minute,day')
    .option(
      '--extended-hours',
      'also keep pre- and after-market minute bars (04:00–09:30 and 16:00–20:00 New York)',
    )
    .option('--concurrency <n>', 'day files downloaded in parallel, 1–16 (default 4)', wholeNumber(1, 16))
    .option(
      '--endpoint <url>',
      'S3 endpoint (default: the setting, POLYGON_S3_ENDPOINT, or https://files.massive.com)',
    )
    .option('--bucket <name>', 'bucket (default: the setting, POLYGON_S3_BUCKET, or flatfiles)');
  return withFetchJobOptions(command)
    .addHelpText(
      'after',
      '\nCredentials: the "Flat Files" S3 keys from your Massive dashboard, in POLYGON_S3_ACCESS_KEY and\n' +
        'POLYGON_S3_SECRET_KEY (the desktop app keeps them in Settings → Data sources). They are never\n' +
        'stored with the job, logged or printed.\n' +
        '\nExit status: 0 when the fetch finished (absent or rejected files are listed, not fatal), 1 when it failed\n' +
        '(for example refused credentials), 2 for bad options, 130 after Ctrl-C.\n' +
        '\nExample:\n  tradelab fetch polygon --tickers AAPL,MSFT --from 2024-01-02 --to 2024-01-31',
    )
    .action(async (options: FetchPolygonOptions) => {
      process.exitCode = await runFetchPolygon(options);
    });
}

async function runFetchPolygon(options: FetchPolygonOptions): Promise<number> {
  const s3 = {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.bucket ? { bucket: options.bucket } : {}),
  };
  // Everything but the default ticker list is checked before the lab opens (exit status 2); that
  // list is a setting, already validated when it was saved.
  const params = validated(
    FetchPolygonParams,
    {
      tickers: options.tickers ?? [...defaultStockTickers],
      from: options.from,
      to: options.to ?? utcDay(),
      datasets: lowerCaseList(options.datasets),
      extendedHours: options.extendedHours ?? false,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      s3,
    },
    'fetch',
  );
  return runFetchJob(options, (lab) => ({
    label: 'flat-file fetch',
    // The setting is read as the job starts: a failure to read it is "Cannot start the flat-file fetch".
    start: async () =>
      lab.startFetchPolygon({
        ...params,
        tickers: await tickersOrSetting(lab, options.tickers, 'fetch from Polygon', TICKERS),
      }),
    report: formatPolygonReport,
  }));
}
