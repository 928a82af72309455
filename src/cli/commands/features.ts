import { Command } from 'commander';

// Scaffold: replaced by the real command in this work (never shipped as is).
export function featuresCommand(): Command {
  return new Command('features').description('(not built yet)').action(() => {
    throw new Error('tradelab features is not built yet');
  });
}
