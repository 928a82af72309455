import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirFlag } from '../../src/main/cli-args.js';
import { electronSqliteBinding, sqliteBindingCandidate } from '../../src/main/native-binding.js';
import type { Logger } from '../../src/core/platform/logger.js';

describe('dataDirFlag', () => {
  it('reads --data-dir in both spellings among Electron switches', () => {
    expect(dataDirFlag(['/opt/Tradelab/tradelab', '--data-dir', '/data/lab'])).toBe('/data/lab');
    expect(dataDirFlag(['electron', '.', '--no-sandbox', '--data-dir=/data/lab'])).toBe('/data/lab');
  });

  it('is undefined when absent, empty or missing its value; the last one wins', () => {
    expect(dataDirFlag(['tradelab', '--inspect'])).toBeUndefined();
    expect(dataDirFlag(['tradelab', '--data-dir='])).toBeUndefined();
    expect(dataDirFlag(['tradelab', '--data-dir'])).toBeUndefined();
    expect(dataDirFlag(['tradelab', '--data-dir', '--verbose'])).toBeUndefined();
    expect(dataDirFlag(['tradelab', '--data-dir=/a', '--data-dir', '/b'])).toBe('/b');
  });
});

describe('electronSqliteBinding', () => {
  const warnings: string[] = [];
  const logger: Logger = { info() {}, warn: (m) => warnings.push(m), error() {} };
  const where = { resourcesPath: '/opt/Tradelab/resources', appRoot: '/src/tradelab' };

  it('looks in native/electron of the repo in development and in resources when packaged', () => {
    expect(sqliteBindingCandidate({ ...where, isPackaged: false })).toBe(
      join('/src/tradelab', 'native', 'electron', 'better_sqlite3.node'),
    );
    expect(sqliteBindingCandidate({ ...where, isPackaged: true })).toBe(
      join('/opt/Tradelab/resources', 'native', 'better_sqlite3.node'),
    );
  });

  it('returns the path when the file exists', () => {
    const path = electronSqliteBinding({ ...where, isPackaged: true, logger, exists: () => true });
    expect(path).toBe(join('/opt/Tradelab/resources', 'native', 'better_sqlite3.node'));
  });

  it('warns with the fix and returns undefined when it is missing', () => {
    warnings.length = 0;
    expect(
      electronSqliteBinding({ ...where, isPackaged: false, logger, exists: () => false }),
    ).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('npm run rebuild:electron');
  });
});
