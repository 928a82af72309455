import { describe, expect, it } from 'vitest';
import { reconciledStatus } from '../../src/core/training/run-status.js';

const ended = '2024-05-01T10:00:00.000Z';
const job = (
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted',
  error: string | null = null,
) => ({
  status,
  error,
  endedAt: status === 'queued' || status === 'running' || status === 'interrupted' ? null : ended,
});

describe('a run reconciled with its job', () => {
  it('keeps the status the job wrote while the job agrees', () => {
    expect(reconciledStatus({ status: 'running', error: null }, job('running'))).toBeNull();
    expect(reconciledStatus({ status: 'queued', error: null }, job('queued'))).toBeNull();
    expect(reconciledStatus({ status: 'queued', error: null }, job('running'))).toBeNull();
    // Finished runs are never rewritten.
    for (const status of ['done', 'failed', 'cancelled'] as const)
      expect(reconciledStatus({ status, error: null }, job('failed', 'x'))).toBeNull();
  });

  it('takes the failure of a job whose host died', () => {
    expect(
      reconciledStatus(
        { status: 'running', error: null },
        job('failed', 'The job host stopped unexpectedly'),
      ),
    ).toEqual({
      status: 'failed',
      error: 'The job host stopped unexpectedly',
      endedAt: Date.parse(ended),
    });
  });

  it('is cancelled when its job was cancelled before it could say so (queued, or killed after the grace)', () => {
    expect(reconciledStatus({ status: 'queued', error: null }, job('cancelled'))).toMatchObject({
      status: 'cancelled',
    });
    expect(reconciledStatus({ status: 'running', error: null }, job('cancelled'))).toMatchObject({
      status: 'cancelled',
    });
  });

  it('is interrupted while its job is, and follows the job when it is queued and runs again', () => {
    expect(reconciledStatus({ status: 'running', error: null }, job('interrupted'))).toEqual({
      status: 'interrupted',
      error: null,
      endedAt: null,
    });
    expect(reconciledStatus({ status: 'interrupted', error: null }, job('interrupted'))).toBeNull();
    expect(reconciledStatus({ status: 'interrupted', error: null }, job('queued'))).toMatchObject({
      status: 'queued',
    });
    expect(reconciledStatus({ status: 'interrupted', error: null }, job('running'))).toMatchObject({
      status: 'running',
    });
  });

  it('fails a run left open by a job that reported done', () => {
    expect(reconciledStatus({ status: 'running', error: null }, job('done'))).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/resume it/),
    });
  });

  it('is interrupted when its job row is gone', () => {
    expect(reconciledStatus({ status: 'running', error: null }, undefined)).toMatchObject({
      status: 'interrupted',
    });
    expect(reconciledStatus({ status: 'queued', error: null }, undefined)).toBeNull();
  });
});
