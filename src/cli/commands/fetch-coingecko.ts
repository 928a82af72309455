import { Command } from 'commander';

// Scaffold: replaced by the real command in this work (never shipped as is).
export function fetchCoinGeckoCommand(): Command {
  return new Command('coingecko').description('(not built yet)').action(() => {
    throw new Error('tradelab fetch coingecko is not built yet');
  });
}
