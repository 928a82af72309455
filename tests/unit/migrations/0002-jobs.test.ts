import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/core/store/migrate.js';
import { migrations } from '../../../src/core/store/migrations/index.js';
import { migration0002 } from '../../../src/core/store/migrations/0002-jobs.js';

type Db = Database.Database;

const schema = (db: Db) =>
  db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all() as {
    type: string;
    name: string;
    tbl_name: string;
    sql: string | null;
  }[];

const columns = (db: Db, table: string) =>
  (
    db.pragma(`table_xinfo(${table})`) as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
      dflt_value: unknown;
    }[]
  ).map((c) => ({ name: c.name, type: c.type, notnull: c.notnull, pk: c.pk, dflt: c.dflt_value }));

describe('migration 0002 jobs', () => {
  let db: Db;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => db.close());

  it('is version 2, second in the list', () => {
    expect(migration0002.version).toBe(2);
    expect(migration0002.name).toBe('jobs');
    expect(migrations[1]).toBe(migration0002);
    expect(migrations.map((m) => m.version).slice(0, 2)).toEqual([1, 2]);
  });

  it('after version 1 adds exactly jobs, job_issues and their two indexes, leaving 0001 untouched', () => {
    migrate(db, migrations, 1);
    const before = schema(db);
    expect(migrate(db, migrations, 2)).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const after = schema(db);
    const added = after.filter((o) => !before.some((b) => b.name === o.name));
    expect(added.map(({ type, name, tbl_name }) => ({ type, name, tbl_name }))).toEqual([
      { type: 'index', name: 'job_issues_by_job', tbl_name: 'job_issues' },
      { type: 'index', name: 'jobs_by_status', tbl_name: 'jobs' },
      { type: 'table', name: 'job_issues', tbl_name: 'job_issues' },
      { type: 'table', name: 'jobs', tbl_name: 'jobs' },
    ]);
    expect(after.filter((o) => before.some((b) => b.name === o.name))).toEqual(before);
  });

  describe('after it', () => {
    beforeEach(() => {
      migrate(db, migrations, 1);
      migrate(db, migrations, 2);
    });

    const insertJob = (status: string) =>
      Number(
        db
          .prepare(
            `INSERT INTO jobs (kind, params, status, created_at) VALUES ('import-binance-files', '{}', ?, 1)`,
          )
          .run(status).lastInsertRowid,
      );
    const insertIssue = (jobId: number) =>
      db
        .prepare(
          `INSERT INTO job_issues (job_id, subject, line, message, created_at) VALUES (?, 'a.csv', 3, 'bad', 1)`,
        )
        .run(jobId);

    it('jobs has the expected columns; attempts defaults to 0', () => {
      expect(columns(db, 'jobs')).toEqual([
        { name: 'id', type: 'INTEGER', notnull: 0, pk: 1, dflt: null },
        { name: 'kind', type: 'TEXT', notnull: 1, pk: 0, dflt: null },
        { name: 'params', type: 'TEXT', notnull: 1, pk: 0, dflt: null },
        { name: 'status', type: 'TEXT', notnull: 1, pk: 0, dflt: null },
        { name: 'progress', type: 'TEXT', notnull: 0, pk: 0, dflt: null },
        { name: 'error', type: 'TEXT', notnull: 0, pk: 0, dflt: null },
        { name: 'summary', type: 'TEXT', notnull: 0, pk: 0, dflt: null },
        { name: 'attempts', type: 'INTEGER', notnull: 1, pk: 0, dflt: '0' },
        { name: 'created_at', type: 'INTEGER', notnull: 1, pk: 0, dflt: null },
        { name: 'started_at', type: 'INTEGER', notnull: 0, pk: 0, dflt: null },
        { name: 'ended_at', type: 'INTEGER', notnull: 0, pk: 0, dflt: null },
      ]);
      const id = insertJob('queued');
      expect(db.prepare('SELECT attempts, progress, started_at FROM jobs WHERE id = ?').get(id)).toEqual({
        attempts: 0,
        progress: null,
        started_at: null,
      });
    });

    it('job_issues has the expected columns and a cascading foreign key to jobs', () => {
      expect(columns(db, 'job_issues')).toEqual([
        { name: 'id', type: 'INTEGER', notnull: 0, pk: 1, dflt: null },
        { name: 'job_id', type: 'INTEGER', notnull: 1, pk: 0, dflt: null },
        { name: 'subject', type: 'TEXT', notnull: 1, pk: 0, dflt: null },
        { name: 'line', type: 'INTEGER', notnull: 0, pk: 0, dflt: null },
        { name: 'message', type: 'TEXT', notnull: 1, pk: 0, dflt: null },
        { name: 'created_at', type: 'INTEGER', notnull: 1, pk: 0, dflt: null },
      ]);
      expect(db.pragma('foreign_key_list(job_issues)')).toMatchObject([
        { table: 'jobs', from: 'job_id', to: 'id', on_delete: 'CASCADE' },
      ]);
    });

    it('indexes jobs by status and issues by job', () => {
      const cols = (index: string) =>
        (db.pragma(`index_info(${index})`) as { name: string }[]).map((c) => c.name);
      expect(cols('jobs_by_status')).toEqual(['status']);
      expect(cols('job_issues_by_job')).toEqual(['job_id']);
    });

    it('status CHECK accepts the six job states only', () => {
      for (const status of ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted']) {
        expect(() => insertJob(status)).not.toThrow();
      }
      for (const status of ['paused', 'canceled', 'DONE', '']) {
        expect(() => insertJob(status)).toThrow(/CHECK constraint failed/);
      }
      const id = insertJob('queued');
      expect(() => db.prepare(`UPDATE jobs SET status = 'finished' WHERE id = ?`).run(id)).toThrow(
        /CHECK constraint failed/,
      );
    });

    it('an issue must belong to an existing job, and goes with it', () => {
      expect(() => insertIssue(77)).toThrow(/FOREIGN KEY constraint failed/);
      const id = insertJob('running');
      const other = insertJob('running');
      insertIssue(id);
      insertIssue(id);
      insertIssue(other);
      db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
      expect(db.prepare('SELECT job_id FROM job_issues').all()).toEqual([{ job_id: other }]);
    });

    it('jobs requires kind, params, status and created_at', () => {
      expect(() =>
        db.prepare(`INSERT INTO jobs (params, status, created_at) VALUES ('{}', 'queued', 1)`).run(),
      ).toThrow(/NOT NULL/);
      expect(() =>
        db.prepare(`INSERT INTO jobs (kind, status, created_at) VALUES ('k', 'queued', 1)`).run(),
      ).toThrow(/NOT NULL/);
      expect(() =>
        db.prepare(`INSERT INTO jobs (kind, params, created_at) VALUES ('k', '{}', 1)`).run(),
      ).toThrow(/NOT NULL/);
      expect(() =>
        db.prepare(`INSERT INTO jobs (kind, params, status) VALUES ('k', '{}', 'queued')`).run(),
      ).toThrow(/NOT NULL/);
    });
  });
});
