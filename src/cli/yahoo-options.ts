import { Option } from 'commander';

/** `--yahoo-url <url>`, the Yahoo base URL the news and chart fetches take (mirrors, test replay servers). */
export function yahooUrlOption(): Option {
  return new Option(
    '--yahoo-url <url>',
    'Yahoo base URL (default https://query2.finance.yahoo.com, or the setting; env TRADELAB_YAHOO_URL)',
  );
}
