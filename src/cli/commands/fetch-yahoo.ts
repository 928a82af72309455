import { Command } from 'commander';

// Scaffold: replaced by the real command in this work (never shipped as is).
export function fetchYahooCommand(): Command {
  return new Command('yahoo').description('(not built yet)').action(() => {
    throw new Error('tradelab fetch yahoo is not built yet');
  });
}
