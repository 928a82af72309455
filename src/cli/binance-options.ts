import { Command, InvalidArgumentError, Option } from 'commander';
import type { BinanceEndpoints } from '../shared/contract/index.js';

/** Comma-separated symbols, upper-cased, without blanks or duplicates. */
export function parseSymbolList(value: string): string[] {
  const symbols = [
    ...new Set(
      value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((s) => s.toUpperCase()),
    ),
  ];
  if (symbols.length === 0) throw new InvalidArgumentError('give at least one symbol, e.g. BTCUSDT,ETHUSDT');
  return symbols;
}

export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw new InvalidArgumentError('a whole number from 1 to 32');
  return n;
}

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
