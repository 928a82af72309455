import { Command, Option } from 'commander';
import type { BinanceEndpoints } from '../shared/contract/index.js';
import { upperCaseListParser, wholeNumber } from './option-parsers.js';

/** Comma-separated symbols, upper-cased, without blanks or duplicates. */
export const parseSymbolList = upperCaseListParser('give at least one symbol, e.g. BTCUSDT,ETHUSDT');

/** Parallel downloads, as the downloadConcurrency setting allows them. */
export const parseConcurrency = wholeNumber(1, 32);

/** The endpoint flags every Binance command takes (mirrors, proxies, and test replay servers). */
export function withEndpointOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--vision-url <url>',
        'Data Vision download base (default https://data.binance.vision; env TRADELAB_BINANCE_VISION_URL)',
      ),
    )
    .addOption(
      new Option(
        '--vision-list-url <url>',
        'S3 listing base (default: --vision-url when given, else the public bucket; env TRADELAB_BINANCE_VISION_LIST_URL)',
      ),
    )
    .addOption(
      new Option(
        '--rest-url <url>',
        'REST base (default https://api.binance.com; env TRADELAB_BINANCE_REST_URL)',
      ),
    )
    .addOption(
      new Option(
        '--rest-futures-url <url>',
        'USD-M REST base (default: --rest-url when given, else https://fapi.binance.com; env TRADELAB_BINANCE_REST_FUTURES_URL)',
      ),
    );
}

export interface EndpointFlags {
  visionUrl?: string;
  visionListUrl?: string;
  restUrl?: string;
  restFuturesUrl?: string;
}

export function endpointsFrom(flags: EndpointFlags): BinanceEndpoints {
  const out: BinanceEndpoints = {};
  if (flags.visionUrl) out.visionUrl = flags.visionUrl;
  if (flags.visionListUrl) out.visionListUrl = flags.visionListUrl;
  if (flags.restUrl) out.restUrl = flags.restUrl;
  if (flags.restFuturesUrl) out.restFuturesUrl = flags.restFuturesUrl;
  return out;
}
