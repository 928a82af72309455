import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/migration.js';
import { migrations as allMigrations } from './migrations/index.js';

/**
 * Brings the schema to the newest version, one transaction per migration, tracked in
 * `PRAGMA user_version`. Refuses a database written by a newer Tradelab.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = allMigrations,
  upTo?: number,
): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (version > newest) {
    throw new Error(
      `The database is at schema version ${version} but this Tradelab knows only up to ${newest}: ` +
        'it was written by a newer version. Update Tradelab or choose another data dir.',
    );
  }
  for (const m of migrations) {
    if (m.version <= version || (upTo !== undefined && m.version > upTo)) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    version = m.version;
  }
  return version;
}
