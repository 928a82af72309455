import { Command, Option } from 'commander';
import { binancePresets, presetRange } from '../../shared/binance-presets.js';
import {
  BinanceInterval,
  FetchBinanceFuturesParams,
  FetchBinanceParams,
  FuturesDataKind,
} from '../../shared/contract/index.js';
import {
  endpointsFrom,
  parseConcurrency,
  parseSymbolList,
  withEndpointOptions,
  type EndpointFlags,
} from '../binance-options.js';
import { CliError } from '../cli-error.js';
import { formatFetchReport } from '../fetch-report.js';
import { lowerCaseList, utcDay } from '../option-parsers.js';
import { runFetchJob, validated, withFetchJobOptions } from '../run-fetch-job.js';
import { fetchCoinGeckoCommand } from './fetch-coingecko.js';
import { fetchNewsCommand } from './fetch-news.js';
import { fetchPolygonCommand } from './fetch-polygon.js';
import { fetchYahooCommand } from './fetch-yahoo.js';

interface FetchBinanceOptions extends EndpointFlags {
  symbols?: string[];
  interval?: string;
  from?: string;
  to?: string;
  market?: 'spot' | 'um';
  preset?: string;
  concurrency?: number;
  restFill: boolean;
  dataDir?: string;
  json?: boolean;
}

interface FetchFuturesOptions extends EndpointFlags {
  symbols: string[];
  what: string;
  from?: string;
  to?: string;
  concurrency?: number;
  dataDir?: string;
  json?: boolean;
}

export function fetchCommand(): Command {
  return new Command('fetch')
    .description('download market data into the lab (verified, resumable, cached in the data dir)')
    .addCommand(fetchBinanceCommand())
    .addCommand(fetchBinanceFuturesCommand())
    .addCommand(fetchPolygonCommand())
    .addCommand(fetchYahooCommand())
    .addCommand(fetchNewsCommand())
    .addCommand(fetchCoinGeckoCommand());
}

function fetchBinanceCommand(): Command {
  const presetIds = binancePresets.map((p) => p.id);
  const command = new Command('binance')
    .description('Binance klines: Data Vision archives (monthly, then daily), then REST up to now')
    .option('--symbols <list>', 'comma-separated symbols, e.g. BTCUSDT,ETHUSDT', parseSymbolList)
    .addOption(new Option('--interval <interval>', 'kline interval').choices(BinanceInterval.options))
    .option('--from <date>', 'first UTC day, YYYY-MM-DD')
    .option('--to <date>', 'last UTC day, YYYY-MM-DD (default: today)')
    .addOption(
      new Option('--market <market>', 'spot or USD-M futures (default spot)').choices(['spot', 'um']),
    )
    .addOption(
      new Option('--preset <name>', 'a one-click download from the product brief').choices(presetIds),
    )
    .option('--concurrency <n>', 'parallel downloads (default 8, or the setting)', parseConcurrency)
    .option('--no-rest-fill', 'archives only: do not fill after the last archive over REST');
  withEndpointOptions(withFetchJobOptions(command));
  return command
    .addHelpText(
      'after',
      `\nPresets:\n${binancePresets.map((p) => `  ${p.id}: ${p.label} (${p.symbols.join(', ')})`).join('\n')}\n` +
        '\nExit status: 0 when the fetch finished (absent or rejected files are listed, not fatal), 1 when it failed, 130 after Ctrl-C.\n' +
        '\nExample:\n  tradelab fetch binance --symbols BTCUSDT,ETHUSDT --interval 1m --from 2024-01-01 --to 2024-03-31',
    )
    .action(async (options: FetchBinanceOptions) => {
      process.exitCode = await runFetchBinance(options);
    });
}

function fetchBinanceFuturesCommand(): Command {
  const command = new Command('binance-futures')
    .description(
      'Binance USD-M futures data: funding rates, daily metrics (open interest, long/short ratios), open interest, premium index',
    )
    .requiredOption(
      '--symbols <list>',
      'comma-separated perpetual symbols, e.g. BTCUSDT,ETHUSDT',
      parseSymbolList,
    )
    .option(
      '--what <list>',
      `what to fetch, from ${FuturesDataKind.options.join(', ')}`,
      'funding,metrics,oi',
    )
    .option('--from <date>', 'first UTC day, YYYY-MM-DD (default: 30 days ago)')
    .option('--to <date>', 'last UTC day, YYYY-MM-DD (default: today)')
    .option('--concurrency <n>', 'parallel downloads (default 8, or the setting)', parseConcurrency);
  withEndpointOptions(withFetchJobOptions(command));
  return command
    .addHelpText(
      'after',
      '\nExample:\n  tradelab fetch binance-futures --symbols BTCUSDT --what funding,metrics,oi --from 2024-01-01',
    )
    .action(async (options: FetchFuturesOptions) => {
      process.exitCode = await runFetchFutures(options);
    });
}

async function runFetchBinance(options: FetchBinanceOptions): Promise<number> {
  const preset = options.preset ? binancePresets.find((p) => p.id === options.preset) : undefined;
  const range = preset ? presetRange(preset, new Date()) : undefined;
  const symbols = options.symbols ?? preset?.symbols;
  if (!symbols)
    throw new CliError('Cannot fetch: give --symbols (e.g. --symbols BTCUSDT,ETHUSDT) or --preset', 2);
  const interval = options.interval ?? preset?.interval;
  if (!interval) throw new CliError('Cannot fetch: give --interval (e.g. --interval 1m) or --preset', 2);
  const from = options.from ?? range?.from;
  if (!from) throw new CliError('Cannot fetch: give --from YYYY-MM-DD (the first UTC day) or --preset', 2);
  const params = validated(
    FetchBinanceParams,
    {
      symbols: [...symbols],
      interval,
      market: options.market ?? preset?.market ?? 'spot',
      from,
      to: options.to ?? range?.to ?? utcDay(),
      ...(preset ? { preset: preset.id } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      restFill: options.restFill,
      endpoints: endpointsFrom(options),
    },
    'fetch',
  );
  // Unset concurrency is left to the lab's setting.
  const input = options.concurrency ? params : { ...params, concurrency: undefined };
  for (const note of preset?.notes ?? []) process.stderr.write(`Note: ${note}\n`);
  return runFetchJob(options, (lab) => ({
    label: 'fetch',
    start: () => lab.startFetchBinance(input),
    report: formatFetchReport,
  }));
}

async function runFetchFutures(options: FetchFuturesOptions): Promise<number> {
  const params = validated(
    FetchBinanceFuturesParams,
    {
      symbols: options.symbols,
      what: lowerCaseList(options.what),
      from: options.from ?? utcDay(30),
      to: options.to ?? utcDay(),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      endpoints: endpointsFrom(options),
    },
    'fetch',
  );
  const input = options.concurrency ? params : { ...params, concurrency: undefined };
  return runFetchJob(options, (lab) => ({
    label: 'futures fetch',
    start: () => lab.startFetchBinanceFutures(input),
    report: formatFetchReport,
  }));
}
