import { migration0001 } from './0001-instruments-and-bars.js';
import { migration0002 } from './0002-jobs.js';
import { migration0003 } from './0003-binance-data.js';
import { migration0004 } from './0004-stocks-news-alt-data.js';
import { migration0005 } from './0005-features.js';
import { migration0006 } from './0006-training.js';
import type { Migration } from './migration.js';

/** Every migration in order. Append only. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
];
