import { Command } from 'commander';

// Scaffold: replaced by the real command in this work (never shipped as is).
export function fetchPolygonCommand(): Command {
  return new Command('polygon').description('(not built yet)').action(() => {
    throw new Error('tradelab fetch polygon is not built yet');
  });
}
