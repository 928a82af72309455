#!/usr/bin/env node
// Launcher of the `tradelab` CLI: runs the compiled CLI from out/node, and says how to build it
// when it is not there yet (a fresh clone has no out/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../out/node/src/cli/main.js', import.meta.url);

if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('Tradelab is not built yet: run `npm run build` (see README)\n');
  process.exit(1);
}

await import(entry.href);
