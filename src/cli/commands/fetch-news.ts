import { Command } from 'commander';

// Scaffold: replaced by the real command in this work (never shipped as is).
export function fetchNewsCommand(): Command {
  return new Command('news').description('(not built yet)').action(() => {
    throw new Error('tradelab fetch news is not built yet');
  });
}
