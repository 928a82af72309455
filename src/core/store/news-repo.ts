import type { Database } from 'better-sqlite3';
import type { NewsItem, NewsQuery } from '../../shared/contract/index.js';

// Scaffold: replaced by the real repository in this work.
export function readNews(_db: Database, _query: NewsQuery): NewsItem[] {
  return [];
}
