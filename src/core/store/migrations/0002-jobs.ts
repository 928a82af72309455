import type { Migration } from './migration.js';

/** Long-running jobs, their progress, and the per-input problems they met (e.g. rejected files). */
export const migration0002: Migration = {
  version: 2,
  name: 'jobs',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        params TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
        progress TEXT,
        error TEXT,
        summary TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER
      );
      CREATE INDEX jobs_by_status ON jobs(status);

      CREATE TABLE job_issues (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        line INTEGER,
        message TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX job_issues_by_job ON job_issues(job_id);
    `);
  },
};
