import { useState } from 'react';
import type { Job, TrainingRunDetail } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { EvaluationTable } from '../../components/EvaluationTable.js';
import { JobProgressLine } from '../../components/JobProgressLine.js';
import { useNow } from '../../hooks/use-now.js';
import { errorText } from '../../lib/error-text.js';
import { hashFor } from '../../lib/hash-route.js';
import { latestValues, phaseMarks, trainingCharts } from '../../lib/training-charts.js';
import {
  formatCompact,
  formatMeasure,
  formatPercent,
  formatRatio,
  formatTime,
  presetLabels,
} from '../../lib/training-format.js';
import { phaseLabels, phaseTimeline } from '../../lib/training-phases.js';
import { canResume, isRunActive, resumeText, trainingProgress } from '../../lib/training-runs.js';
import { useLab } from '../../transport/lab-context.js';
import { useCancelJob } from '../data/use-cancel-job.js';
import { BackendLine } from './BackendLine.js';
import { MetricChart } from './MetricChart.js';
import { PhaseTimeline } from './PhaseTimeline.js';
import { RunSeries } from './RunSeries.js';

/**
 * One training run: status with Cancel / Resume, backend, phase timeline, live progress and
 * charts, then (once it ended) its out-of-sample evaluation and a link to its model.
 */
export function RunView({
  run,
  job,
  onResumed,
}: {
  run: TrainingRunDetail;
  /** The run's job as the job stream has it (live progress), when known. */
  job: Job | undefined;
  onResumed: (runId: number) => void;
}) {
  const active = isRunActive(run) || (job != null && (job.status === 'queued' || job.status === 'running'));
  const now = useNow(1000, active);
  const live = trainingProgress(job);
  const steps = phaseTimeline(run, live?.phase ?? null, now);
  const latest = latestValues(run.metrics);
  const marks = phaseMarks(run.metrics, run.phases);

  return (
    <section
      className="panel run-view"
      aria-labelledby="run-title"
      data-testid="training-run"
      data-run-id={run.id}
      data-status={run.status}
      data-phase={live?.phase ?? run.phase ?? ''}
      data-model-id={run.modelId ?? ''}
    >
      <div className="panel__head">
        <h2 className="panel__title" id="run-title">
          Run #{run.id} · {presetLabels[run.preset]} · seed {run.seed}{' '}
          <span className={`badge badge--${run.status}`} data-testid="training-run-status">
            {run.status}
          </span>
        </h2>
        <RunActions run={run} job={job} active={active} onResumed={onResumed} />
      </div>
      <p className="muted run-view__when">
        Created {formatTime(run.createdAt)} UTC
        {run.endedAt != null && ` · ended ${formatTime(run.endedAt)} UTC`}
      </p>
      <BackendLine choice={run.backend} reported={live?.backend ?? null} />
      <PhaseTimeline steps={steps} />
      {job && active && (
        <div className="run-view__progress" data-testid="training-progress" data-status={job.status}>
          <JobProgressLine job={job} showMessage />
          {live && (
            <span className="muted num" data-testid="training-iteration" data-value={live.iteration}>
              {phaseLabels[live.phase as keyof typeof phaseLabels] ?? live.phase} · iteration {live.iteration}
            </span>
          )}
        </div>
      )}
      {run.error && <ErrorNote message={run.error} testId="training-run-error" />}
      <dl className="stats stats--wrap run-view__latest" data-testid="training-latest">
        <Stat label="Env steps (phase)" field="envSteps" value={formatCompact(latest.envSteps)} />
        <Stat label="Env-steps/s" field="envStepsPerSec" value={formatCompact(latest.envStepsPerSec)} />
        <Stat
          label="Mean episode reward"
          field="meanEpisodeReward"
          value={formatMeasure(latest.meanEpisodeReward)}
        />
        <Stat
          label="Validation Sharpe"
          field="validationSharpe"
          value={formatRatio(latest.validationSharpe)}
        />
        <Stat label="BC accuracy" field="accuracy" value={formatPercent(latest.accuracy)} />
        <Stat label="Clip fraction" field="clipFraction" value={formatPercent(latest.clipFraction)} />
        <Stat label="Learning rate" field="learningRate" value={formatMeasure(latest.learningRate)} />
      </dl>
      <div className="metric-charts">
        {trainingCharts.map((spec) => (
          <MetricChart key={spec.id} spec={spec} metrics={run.metrics} marks={marks} />
        ))}
      </div>
      {run.evaluation && (
        <>
          <h3 className="subhead run-view__subhead">
            Out-of-sample evaluation
            {run.modelId != null && (
              <a
                className="run-view__model-link"
                href={hashFor('models', run.modelId)}
                data-testid="training-model-link"
              >
                Model #{run.modelId} →
              </a>
            )}
          </h3>
          <EvaluationTable evaluation={run.evaluation} testId="training-evaluation" />
        </>
      )}
      {run.series.length > 0 && <RunSeries series={run.series} />}
    </section>
  );
}

function Stat({ label, field, value }: { label: string; field: string; value: string }) {
  return (
    <div className="stat" data-field={field}>
      <dt>{label}</dt>
      <dd className="num">{value}</dd>
    </div>
  );
}

function RunActions({
  run,
  job,
  active,
  onResumed,
}: {
  run: TrainingRunDetail;
  job: Job | undefined;
  active: boolean;
  onResumed: (runId: number) => void;
}) {
  const { api } = useLab();
  const cancel = useCancelJob();
  const [resuming, setResuming] = useState(false);
  const [resumeError, setResumeError] = useState<string | null>(null);
  const jobId = job?.id ?? run.jobId;

  const resume = () => {
    setResuming(true);
    setResumeError(null);
    api
      .resumeTraining({ runId: run.id })
      .then(
        ({ runId }) => onResumed(runId),
        (err: unknown) => setResumeError(`Could not resume run #${run.id}: ${errorText(err)}`),
      )
      .finally(() => setResuming(false));
  };

  return (
    <div className="run-view__actions">
      {active && jobId != null && (
        <button
          type="button"
          className="button"
          onClick={() => cancel.cancel(jobId)}
          disabled={cancel.cancelling}
          data-testid="training-cancel"
        >
          {cancel.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
      {!active && canResume(run) && (
        <button
          type="button"
          className="button button--primary"
          onClick={resume}
          disabled={resuming}
          title={resumeText(run)}
          data-testid="training-resume"
        >
          {resuming ? 'Resuming…' : 'Resume'}
        </button>
      )}
      {cancel.error && <ErrorNote message={cancel.error} testId="training-cancel-error" />}
      {resumeError && <ErrorNote message={resumeError} testId="training-resume-error" />}
    </div>
  );
}
