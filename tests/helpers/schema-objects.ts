import type Database from 'better-sqlite3';

/** The schema's tables, indexes and triggers as `type:name` (SQLite's own objects left out): what a migration added. */
export function schemaObjectNames(db: Database.Database): string[] {
  const rows = db.prepare(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).all() as {
    type: string;
    name: string;
  }[];
  return rows.map((o) => `${o.type}:${o.name}`);
}
