import type { TrainingMetric, TrainingPhase } from '../../shared/contract/index.js';
import type { JobContext } from '../jobs/job-context.js';
import { ProgressMeter } from '../jobs/progress-meter.js';
import type { TrainingRunsRepo } from './runs-repo.js';

/** A metric row's measures; what a phase does not measure stays null. */
export type MetricValues = Partial<
  Omit<TrainingMetric, 'phase' | 'iteration' | 'envSteps' | 'time' | 'envStepsPerSec'>
>;

/**
 * Progress of a training job: one JobProgress in env-steps of PPO and finetune together (rate and
 * ETA from the meter), with the run, phase, iteration and backend in `detail.training`, and one
 * metrics row per iteration (the Training page's charts, the CLI's lines).
 */
export class TrainingProgress {
  private readonly meter: ProgressMeter;
  /** Env steps of the RL phases done before the current phase (PPO's, when finetuning). */
  private stepsBefore = 0;
  private lastPhaseSteps = 0;
  private lastTime = 0;

  constructor(
    private readonly ctx: JobContext,
    private readonly runs: TrainingRunsRepo,
    private readonly runId: number,
    private backend: string | null,
  ) {
    this.meter = new ProgressMeter('env-steps', () => ctx.now());
  }

  /** Env steps of PPO and finetune together: known once the schedule is sized on the data. */
  private totalEnvSteps: number | null = null;

  setBackend(name: string): void {
    this.backend = name;
  }

  setTotal(totalEnvSteps: number): void {
    this.totalEnvSteps = totalEnvSteps;
  }

  /** A step of a phase that has no iterations (loading data, evaluating, registering). */
  note(phase: TrainingPhase, message: string, iteration = 0): void {
    this.report(phase, iteration, this.stepsBefore + this.lastPhaseSteps, message);
  }

  /** The RL phase starts (or resumes) at `envSteps` of its own; PPO's steps count before finetune's. */
  enterRlPhase(
    phase: 'ppo' | 'finetune',
    envStepsBefore: number,
    phaseEnvSteps: number,
    iteration: number,
  ): void {
    this.stepsBefore = envStepsBefore;
    this.lastPhaseSteps = phaseEnvSteps;
    this.lastTime = this.ctx.now();
    this.report(phase, iteration, envStepsBefore + phaseEnvSteps, `${phase}: starting`);
  }

  /** One BC step block: its row (envSteps = samples seen) and a progress message. */
  bcIteration(iteration: number, steps: number, samples: number, values: MetricValues): void {
    const time = this.ctx.now();
    this.runs.addMetric(this.runId, metric('bc', iteration, samples, time, null, values));
    this.report('bc', iteration, 0, `behaviour cloning: step ${steps}`);
  }

  /** One RL iteration finished with `phaseEnvSteps` steps of its phase done so far. */
  rlIteration(
    phase: 'ppo' | 'finetune',
    iteration: number,
    phaseEnvSteps: number,
    values: MetricValues,
    message: string,
  ): void {
    const time = this.ctx.now();
    const seconds = (time - this.lastTime) / 1000;
    const rate = seconds > 0 ? (phaseEnvSteps - this.lastPhaseSteps) / seconds : null;
    this.lastPhaseSteps = phaseEnvSteps;
    this.lastTime = time;
    this.runs.addMetric(this.runId, metric(phase, iteration, phaseEnvSteps, time, rate, values));
    this.report(phase, iteration, this.stepsBefore + phaseEnvSteps, message);
  }

  private report(phase: TrainingPhase, iteration: number, done: number, message: string): void {
    const total = this.totalEnvSteps;
    const progress = this.meter.update(total === null ? done : Math.min(done, total), total, message);
    this.ctx.progress({
      ...progress,
      detail: { training: { runId: this.runId, phase, iteration, backend: this.backend } },
    });
  }
}

function metric(
  phase: TrainingPhase,
  iteration: number,
  envSteps: number,
  time: number,
  envStepsPerSec: number | null,
  values: MetricValues,
): TrainingMetric {
  return {
    phase,
    iteration,
    envSteps,
    time,
    envStepsPerSec,
    meanEpisodeReward: finiteOrNull(values.meanEpisodeReward),
    policyLoss: finiteOrNull(values.policyLoss),
    valueLoss: finiteOrNull(values.valueLoss),
    entropy: finiteOrNull(values.entropy),
    approxKl: finiteOrNull(values.approxKl),
    clipFraction: finiteOrNull(values.clipFraction),
    accuracy: finiteOrNull(values.accuracy),
    validationSharpe: finiteOrNull(values.validationSharpe),
    learningRate: finiteOrNull(values.learningRate),
  };
}

/** NaN (no episode finished yet) and infinities are stored as "not measured". */
function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}
