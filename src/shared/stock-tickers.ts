/**
 * The stocks and ETFs fetched when the user has not edited the list: the largest US companies by
 * trading volume across sectors, plus the index and sector ETFs a cross-asset policy needs as
 * market context. 28 symbols; the list is a setting (Settings page, TRADELAB_STOCK_TICKERS).
 */
// prettier-ignore
export const defaultStockTickers: readonly string[] = [
  'AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'AMD', 'NFLX', 'JPM',
  'XOM', 'UNH', 'AVGO', 'COST', 'V', 'MA', 'LLY', 'WMT', 'BAC', 'INTC',
  'SPY', 'QQQ', 'IWM', 'DIA', 'XLF', 'XLE', 'GLD', 'TLT',
];
