import type { Database } from 'better-sqlite3';
import type { CorporateAction } from '../../shared/contract/index.js';

// Scaffold: replaced by the real repository in this work.
export function readCorporateActions(_db: Database, _ticker: string): CorporateAction[] {
  return [];
}
