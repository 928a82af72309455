import { Command, InvalidArgumentError } from 'commander';
import { FetchPolygonParams, PolygonDataset } from '../../shared/contract/index.js';
import { defaultStockTickers } from '../../shared/stock-tickers.js';
import { withDataDirOption } from '../data-dir.js';
import { formatPolygonReport } from '../polygon-report.js';
import { runFetchJob, validated } from '../run-fetch-job.js';

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

/** Comma-separated tickers, upper-cased, without blanks or duplicates (checked by the job schema). */
function parseTickerList(value: string): string[] {
  const tickers = [
    ...new Set(
      value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((t) => t.toUpperCase()),
    ),
  ];
  if (tickers.length === 0) throw new InvalidArgumentError('give at least one ticker, e.g. AAPL,MSFT');
  return tickers;
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new InvalidArgumentError('a whole number from 1 to 16');
  return n;
}

const today = () => new Date().toISOString().slice(0, 10);

export function fetchPolygonCommand(): Command {
  const command = new Command('polygon')
    .description(
      'US stock minute and day bars from the Polygon / Massive flat files (S3 day files), incremental',
    )
    .option(
      '--tickers <list>',
      'comma-separated tickers, e.g. AAPL,MSFT (default: the stock tickers setting)',
      parseTickerList,
    )
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
    .option('--concurrency <n>', 'day files downloaded in parallel, 1–16 (default 4)', parseConcurrency)
    .option(
      '--endpoint <url>',
      'S3 endpoint (default: the setting, POLYGON_S3_ENDPOINT, or https://files.massive.com)',
    )
    .option('--bucket <name>', 'bucket (default: the setting, POLYGON_S3_BUCKET, or flatfiles)')
    .option('--json', 'print each job event as one JSON line, and the final job as the last line');
  return withDataDirOption(command)
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
  const datasets = options.datasets
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((d) => d.toLowerCase());
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
      to: options.to ?? today(),
      datasets,
      extendedHours: options.extendedHours ?? false,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      s3,
    },
    'fetch',
  );
  return runFetchJob(options, 'flat-file fetch', formatPolygonReport, async (lab) => {
    const tickers = options.tickers ?? (await lab.getSettings({})).stockTickers.value;
    return lab.startFetchPolygon({ ...params, tickers });
  });
}
