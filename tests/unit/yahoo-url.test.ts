import { describe, expect, it } from 'vitest';
import { DEFAULT_YAHOO_URL, rewriteYahooUrl } from '../../src/core/ingest/yahoo/yahoo-url.js';

describe('rewriteYahooUrl', () => {
  const replay = 'http://127.0.0.1:4321';

  it('sends data, cookie, crumb and consent URLs of every Yahoo host to the base URL', () => {
    expect(
      rewriteYahooUrl(
        'https://query2.finance.yahoo.com/v8/finance/chart/AAPL?interval=1d&events=div%7Csplit',
        replay,
      ),
    ).toBe('http://127.0.0.1:4321/v8/finance/chart/AAPL?interval=1d&events=div%7Csplit');
    expect(rewriteYahooUrl('https://query1.finance.yahoo.com/v1/test/getcrumb', replay)).toBe(
      'http://127.0.0.1:4321/v1/test/getcrumb',
    );
    expect(rewriteYahooUrl('https://finance.yahoo.com/quote/AAPL', replay)).toBe(
      'http://127.0.0.1:4321/quote/AAPL',
    );
    expect(rewriteYahooUrl('https://fc.yahoo.com/', replay)).toBe('http://127.0.0.1:4321/');
    expect(rewriteYahooUrl('https://guce.yahoo.com/consent?sessionId=x', replay)).toBe(
      'http://127.0.0.1:4321/consent?sessionId=x',
    );
  });

  it('keeps a mirror path prefix', () => {
    expect(
      rewriteYahooUrl('https://query2.finance.yahoo.com/v1/finance/search?q=AAPL', 'https://mirror.test/yf/'),
    ).toBe('https://mirror.test/yf/v1/finance/search?q=AAPL');
  });

  it('leaves URLs alone when the base is Yahoo itself, and never touches other hosts', () => {
    const url = 'https://finance.yahoo.com/quote/AAPL';
    expect(rewriteYahooUrl(url, DEFAULT_YAHOO_URL)).toBe(url);
    expect(rewriteYahooUrl('https://registry.npmjs.org/yahoo-finance2/latest', replay)).toBe(
      'https://registry.npmjs.org/yahoo-finance2/latest',
    );
    // A look-alike host is not Yahoo.
    expect(rewriteYahooUrl('https://notyahoo.com/x', replay)).toBe('https://notyahoo.com/x');
  });
});
