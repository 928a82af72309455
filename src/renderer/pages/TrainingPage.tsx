import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote.js';
import { useJobs } from '../hooks/use-jobs.js';
import { useTrainingRun, useTrainingRuns } from '../hooks/use-training.js';
import { isRunActive, jobRunId, shownRunId } from '../lib/training-runs.js';
import { RunList } from './training/RunList.js';
import { RunView } from './training/RunView.js';
import { StartTrainingPanel } from './training/StartTrainingPanel.js';

/*
 * Test ids of the Training page (the e2e suite drives these; keep them stable).
 *
 * Page:      page-training
 * Start:     training-preset (select: quick | full), training-start, training-start-error, training-busy,
 *            training-defaults (data-loaded, data-blocked) with training-default-series rows (data-symbol,
 *            data-market), training-schedule, training-estimate (data-value = seconds); when blocked,
 *            training-blocker with training-download, training-download-what, training-download-job
 *            (data-job-id, data-status), training-download-error.
 * Run:       training-run (data-run-id, data-status, data-phase, data-model-id) with training-run-status,
 *            training-cancel, training-resume, training-cancel-error, training-resume-error,
 *            training-backend (data-value = backend name) and training-backend-skipped (li data-name),
 *            training-phases (data-active) with training-phase steps (data-phase, data-state = done | active |
 *            stopped | skipped | pending), training-progress (the job's bar, rate, ETA; data-status),
 *            training-iteration (data-value), training-latest ([data-field=<metric>]), training-chart
 *            (data-chart = reward | losses | entropy-kl | speed, data-points), training-run-error,
 *            training-evaluation (see EvaluationTable: evaluation-row data-group data-strategy, cells
 *            [data-col] data-value), training-model-link, training-series (lineage-series rows).
 * Runs:      training-runs with training-run-row (data-run-id, data-status), training-runs-empty.
 */

/** Start training, follow the run live, and look back at earlier runs. */
export function TrainingPage() {
  const runs = useTrainingRuns();
  const { jobs } = useJobs();
  const [pickedId, setPickedId] = useState<number | null>(null);
  const list = runs.data ?? [];
  const shownId = shownRunId(list, pickedId) ?? pickedId;
  const detail = useTrainingRun(shownId);
  const run = detail.data;
  // The run's job as the event stream has it: its progress is newer than the run's record.
  const job = run ? jobs.find((j) => j.id === run.jobId || jobRunId(j) === run.id) : undefined;
  const busy = list.find(isRunActive) ?? null;

  const show = (runId: number) => {
    setPickedId(runId);
    runs.reload();
    detail.reload();
  };

  return (
    <section className="page" data-testid="page-training">
      <h1 className="page__title">Training</h1>
      <StartTrainingPanel busyRunId={busy?.id ?? null} onStarted={show} />
      {detail.error && <ErrorNote message={`Could not load run #${shownId}: ${detail.error}`} />}
      {run && <RunView run={run} job={job} onResumed={show} />}
      <RunList runs={list} loaded={runs.loaded} error={runs.error} shownId={shownId} onPick={setPickedId} />
    </section>
  );
}
