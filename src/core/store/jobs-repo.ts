import type { Database } from 'better-sqlite3';
import type { Job, JobIssue, JobKind, JobProgress, JobStatus } from '../../shared/contract/index.js';
import { isoOrNull } from '../time/intervals.js';

interface JobRow {
  id: number;
  kind: JobKind;
  params: string;
  status: JobStatus;
  progress: string | null;
  error: string | null;
  summary: string | null;
  attempts: number;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

/** Most issues kept per job; a folder of thousands of bad files still leaves a readable job. */
export const MAX_ISSUES_PER_JOB = 1000;

/** Persistence of jobs and their issues. Only the job manager writes here. */
export class JobsRepo {
  constructor(private readonly db: Database) {}

  create(kind: JobKind, params: unknown, now: number): number {
    const result = this.db
      .prepare(`INSERT INTO jobs (kind, params, status, created_at) VALUES (?, ?, 'queued', ?)`)
      .run(kind, JSON.stringify(params), now);
    return Number(result.lastInsertRowid);
  }

  get(id: number): Job | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? this.toJob(row) : undefined;
  }

  list(limit: number): Job[] {
    const rows = this.db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[];
    return rows.map((r) => this.toJob(r));
  }

  /** Jobs a shutdown or crash left unfinished, oldest first. */
  unfinished(): number[] {
    return (
      this.db
        .prepare(`SELECT id FROM jobs WHERE status IN ('queued', 'running', 'interrupted') ORDER BY id`)
        .all() as { id: number }[]
    ).map((r) => r.id);
  }

  markStarted(id: number, now: number): void {
    this.db
      .prepare(
        `UPDATE jobs SET status = 'running', started_at = COALESCE(started_at, ?), attempts = attempts + 1, error = NULL WHERE id = ?`,
      )
      .run(now, id);
  }

  setStatus(id: number, status: JobStatus): void {
    this.db.prepare('UPDATE jobs SET status = ? WHERE id = ?').run(status, id);
  }

  setProgress(id: number, progress: JobProgress): void {
    this.db.prepare('UPDATE jobs SET progress = ? WHERE id = ?').run(JSON.stringify(progress), id);
  }

  finish(
    id: number,
    status: 'done' | 'failed' | 'cancelled',
    now: number,
    fields: { error?: string; summary?: unknown },
  ): void {
    this.db
      .prepare(
        'UPDATE jobs SET status = ?, ended_at = ?, error = ?, summary = COALESCE(?, summary) WHERE id = ?',
      )
      .run(
        status,
        now,
        fields.error ?? null,
        fields.summary === undefined ? null : JSON.stringify(fields.summary),
        id,
      );
  }

  addIssue(id: number, issue: JobIssue, now: number): void {
    const count = (
      this.db.prepare('SELECT COUNT(*) AS n FROM job_issues WHERE job_id = ?').get(id) as { n: number }
    ).n;
    if (count >= MAX_ISSUES_PER_JOB) return;
    this.db
      .prepare('INSERT INTO job_issues (job_id, subject, line, message, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, issue.subject, issue.line ?? null, issue.message, now);
  }

  /** A resumed job starts its issue list afresh: the rerun reports again what still fails. */
  clearIssues(id: number): void {
    this.db.prepare('DELETE FROM job_issues WHERE job_id = ?').run(id);
  }

  private toJob(row: JobRow): Job {
    const issues = this.db
      .prepare('SELECT subject, line, message FROM job_issues WHERE job_id = ? ORDER BY id')
      .all(row.id) as { subject: string; line: number | null; message: string }[];
    return {
      id: row.id,
      kind: row.kind,
      params: JSON.parse(row.params),
      status: row.status,
      progress: row.progress ? JSON.parse(row.progress) : null,
      error: row.error,
      summary: row.summary ? JSON.parse(row.summary) : null,
      issues: issues.map((i) => ({
        subject: i.subject,
        message: i.message,
        ...(i.line === null ? {} : { line: i.line }),
      })),
      createdAt: new Date(row.created_at).toISOString(),
      startedAt: isoOrNull(row.started_at),
      endedAt: isoOrNull(row.ended_at),
      attempts: row.attempts,
    };
  }
}
