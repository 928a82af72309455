import { performance } from 'node:perf_hooks';
import {
  TrainPpoJobParams,
  type BackendChoice,
  type Evaluation,
  type TrainingPhase,
  type TrainingRun,
} from '../../shared/contract/index.js';
import { selectBackend } from '../compute/select-backend.js';
import { evaluatePolicy, validationSharpe } from '../evaluation/evaluate-policy.js';
import { JobCancelled, JobFailure, type JobContext } from '../jobs/job-context.js';
import { trainBehaviorCloning } from '../learn/behavior-cloning.js';
import { PolicyNetwork } from '../learn/policy-network.js';
import { PpoTrainer, type PpoConfig } from '../learn/ppo-trainer.js';
import { getModel } from '../models/models-repo.js';
import { ONNX_CHECK_OBSERVATIONS, registerPolicyModel } from '../models/register-model.js';
import { codeVersion } from '../platform/code-version.js';
import { readSettings } from '../settings/settings-repo.js';
import { featureSet } from '../features/feature-sets/index.js';
import { featureRegistry } from '../features/registry/default-registry.js';
import { Rng } from '../sim/rng.js';
import { VecEnv } from '../sim/vec-env.js';
import { bcDataset } from './bc-dataset.js';
import { readCheckpoint, removeCheckpoint, writeCheckpoint } from './checkpoints.js';
import { checkObservations, prepareTrainingData, type TrainingData } from './prepare-data.js';
import { resolveSplits, resolveTrainingConfig, type TrainingConfig } from './presets.js';
import { TrainingRunsRepo } from './runs-repo.js';
import { fromCheckpoint, toCheckpoint, type RunPosition } from './trainer-checkpoint.js';
import { ScaledRewardEnv } from './scaled-reward-env.js';
import { TrainingProgress } from './training-progress.js';

/** BC metric rows (and progress lines) per this many steps. */
const BC_REPORT_EVERY = 25;

/** Longest stretch of a policy walk without letting a cancel arrive. */
const YIELD_EVERY_MS = 100;

/** A validation or evaluation walk stopped by a cancel. */
class WalkStopped extends Error {
  constructor() {
    super('policy walk stopped by a cancel');
  }
}

/**
 * The 'train-ppo' job: fills training run `runId` (created by the lab) — backend, data, BC on the
 * hindsight oracle, PPO, an optional stock finetune, evaluation on the hold-out windows, registry.
 *
 * Checkpoints (runs/<id>/checkpoint/) are written every `checkpointEvery` RL iterations, at the
 * end of each training phase, and when a cancel arrives; a job started on a run that has one
 * continues from it (the job manager's resume after a crash or shutdown, and resumeTraining), with
 * the run's stored config and the exact bars of its first attempt. Each checkpoint restarts the
 * environments' episodes (in the uninterrupted run too), so a run resumed from a periodic
 * checkpoint repeats the uninterrupted run exactly.
 */
export async function runTrainPpoJob(raw: unknown, ctx: JobContext): Promise<Record<string, unknown>> {
  const { runId, request } = TrainPpoJobParams.parse(raw);
  const runs = new TrainingRunsRepo(ctx.db);
  const run = runs.get(runId);
  if (!run) throw new JobFailure(`Training run ${runId} does not exist (deleted?); start a new run.`);
  if (run.status === 'done') return summaryOf(run);
  runs.markRunning(runId);
  try {
    return await new TrainingJob(ctx, runs, run, request).execute();
  } catch (err) {
    if (err instanceof JobCancelled) runs.finish(runId, 'cancelled', ctx.now());
    else runs.finish(runId, 'failed', ctx.now(), (err as Error).message || String(err));
    throw err;
  }
}

function summaryOf(run: TrainingRun): Record<string, unknown> {
  return {
    runId: run.id,
    modelId: run.modelId,
    backend: run.backend?.name ?? null,
    evaluation: run.evaluation,
  };
}

class TrainingJob {
  private readonly runId: number;
  private backend!: BackendChoice;
  private config!: TrainingConfig;
  private data!: TrainingData;
  private progress!: TrainingProgress;
  private net!: PolicyNetwork;
  /** Greedy decisions for validation and evaluation (the rng is not drawn from). */
  private readonly greedyRng = new Rng(0);

  constructor(
    private readonly ctx: JobContext,
    private readonly runs: TrainingRunsRepo,
    private readonly run: TrainingRun,
    private readonly request: TrainPpoJobParams['request'],
  ) {
    this.runId = run.id;
  }

  async execute(): Promise<Record<string, unknown>> {
    const { ctx, runs, runId } = this;
    this.enter('prepare');
    this.progress = new TrainingProgress(ctx, runs, runId, null);
    this.progress.note('prepare', 'choosing the compute backend');
    const setting = this.request.backend ?? readSettings(ctx.db, process.env).computeBackend.value;
    this.backend = await selectBackend(setting);
    runs.setBackend(runId, this.backend);
    this.progress.setBackend(this.backend.name);

    const checkpoint = readCheckpoint(ctx.dataDir, runId);
    const stored = checkpoint && this.run.config ? (this.run.config as unknown as TrainingConfig) : null;
    const splits = stored?.splits ?? resolveSplits(this.request.overrides);
    this.data = await prepareTrainingData(
      ctx.db,
      this.request,
      splits,
      {
        isCancelled: () => ctx.isCancelled(),
        onProgress: async (message) => {
          this.progress.note('prepare', message);
          await ctx.yieldToHost();
          if (ctx.isCancelled()) throw new JobCancelled(this.summarySoFar());
        },
      },
      stored ? this.run.series : undefined,
    );
    this.config =
      stored ??
      resolveTrainingConfig({
        preset: this.request.preset,
        seed: this.run.seed,
        trainBars: this.data.trainBars,
        markets: this.data.markets,
        overrides: this.request.overrides,
      });
    runs.setPrepared(runId, {
      config: this.config as unknown as Record<string, unknown>,
      series: this.data.lineage,
    });
    const { schedule } = this.config;
    const rlSteps = (iterations: number) => iterations * schedule.numEnvs * schedule.rolloutSteps;
    this.progress.setTotal(rlSteps(schedule.ppoIterations) + rlSteps(schedule.finetuneIterations));
    this.leave('prepare');

    // Independent streams, drawn in a fixed order: a resumed run rebuilds the same ones.
    const master = new Rng(this.run.seed);
    const netRng = master.fork();
    const bcRng = master.fork();
    const ppoEnvRng = master.fork();
    const ppoRng = master.fork();
    const finetuneEnvRng = master.fork();
    const finetuneRng = master.fork();

    this.net = new PolicyNetwork(this.config.policy, netRng);
    const ppoEnv = new VecEnv(
      this.data.train,
      schedule.numEnvs,
      { ...this.config.env, cryptoShare: this.config.blends.ppo },
      ppoEnvRng,
    );
    const ppo = new PpoTrainer(this.net, this.ppoConfig('ppo'), ppoRng);
    const finetune =
      schedule.finetuneIterations > 0
        ? {
            env: new VecEnv(
              this.data.train,
              schedule.numEnvs,
              { ...this.config.env, cryptoShare: this.config.blends.finetune },
              finetuneEnvRng,
            ),
            trainer: new PpoTrainer(this.net, this.ppoConfig('finetune'), finetuneRng),
          }
        : null;

    try {
      let at: RunPosition | null = null;
      if (checkpoint) {
        const restored = fromCheckpoint(checkpoint);
        at = restored.position;
        if (at.dataHash && at.dataHash !== this.data.dataHash) {
          ctx.issue({
            subject: `training run ${runId}`,
            message:
              'The stored bars of this run changed since its checkpoint (re-imported or corrected); it continues on the bars stored now.',
          });
        }
        if (at.phase === 'finetune' && finetune) finetune.trainer.setState(restored.trainer);
        else ppo.setState(restored.trainer);
        if (at.phase === 'ppo') ppoEnv.rngState = at.envRngState;
        if (at.phase === 'finetune' && finetune) finetune.env.rngState = at.envRngState;
        runs.dropMetricsAfter(runId, at.phase, at.iteration);
      }
      const phase = at?.phase ?? 'bc';

      if (phase === 'bc') {
        await this.behaviourCloning(bcRng);
        this.save({ phase: 'ppo', iteration: 0, envSteps: 0 }, ppo, ppoEnv);
      }
      if (phase === 'bc' || phase === 'ppo') {
        const start = phase === 'ppo' ? at! : { iteration: 0, envSteps: 0 };
        await this.rlPhase('ppo', ppo, ppoEnv, schedule.ppoIterations, start, 0);
        if (finetune) {
          // Same network, same value head: the finetune goes on in the value scale PPO learned.
          finetune.trainer.returnStats = ppo.returnStats;
          this.save({ phase: 'finetune', iteration: 0, envSteps: 0 }, finetune.trainer, finetune.env);
        } else this.save({ phase: 'evaluate', iteration: 0, envSteps: 0 }, ppo, ppoEnv);
      }
      if (finetune && phase !== 'evaluate') {
        const start = phase === 'finetune' ? at! : { iteration: 0, envSteps: 0 };
        await this.rlPhase(
          'finetune',
          finetune.trainer,
          finetune.env,
          schedule.finetuneIterations,
          start,
          rlSteps(schedule.ppoIterations),
        );
        this.save({ phase: 'evaluate', iteration: 0, envSteps: 0 }, finetune.trainer, finetune.env);
      }

      const evaluation = await this.evaluate();
      // The trainer that trained last (a resume at 'evaluate' restored its state into ppo).
      const last = phase !== 'evaluate' && finetune ? finetune.trainer : ppo;
      const modelId = await this.register(evaluation, last.valueScale);
      runs.setCheckpoint(runId, null);
      removeCheckpoint(ctx.dataDir, runId);
      runs.finish(runId, 'done', ctx.now());
      return { runId, modelId, backend: this.backend.name, evaluation };
    } finally {
      ppo.dispose();
      finetune?.trainer.dispose();
      this.net.dispose();
    }
  }

  private ppoConfig(phase: 'ppo' | 'finetune'): PpoConfig {
    const { ppo, schedule } = this.config;
    if (phase === 'ppo') return { ...ppo, totalUpdates: Math.max(1, schedule.ppoIterations) };
    return {
      ...ppo,
      learningRate: schedule.finetuneLearningRate,
      finalLearningRate: Math.min(ppo.finalLearningRate, schedule.finetuneLearningRate),
      totalUpdates: Math.max(1, schedule.finetuneIterations),
    };
  }

  /** BC on the oracle's actions over the train windows. A cancel here keeps no partial BC. */
  private async behaviourCloning(rng: Rng): Promise<void> {
    const { ctx, config } = this;
    this.enter('bc');
    this.runs.dropMetricsAfter(this.runId, 'bc', 0);
    this.progress.note('bc', 'labelling the training bars with the hindsight oracle');
    const dataset = bcDataset(
      this.data.train,
      {
        horizon: config.oracle.horizon,
        env: config.env,
        cryptoShare: config.blends.bc,
        offPathShare: config.oracle.offPathShare,
      },
      rng,
    );
    const { bcSteps, bcBatchSize, bcLearningRate } = config.schedule;
    await trainBehaviorCloning(
      this.net,
      { obs: dataset.obs, actions: dataset.actions, n: dataset.n },
      {
        steps: bcSteps,
        batchSize: bcBatchSize,
        learningRate: bcLearningRate,
        progressEvery: BC_REPORT_EVERY,
      },
      rng,
      async (p) => {
        this.progress.bcIteration(Math.ceil(p.step / BC_REPORT_EVERY), p.step, p.step * bcBatchSize, {
          policyLoss: p.loss,
          accuracy: p.accuracy,
          learningRate: bcLearningRate,
        });
        await ctx.yieldToHost();
      },
      () => ctx.isCancelled(),
    );
    await ctx.yieldToHost();
    if (ctx.isCancelled()) throw new JobCancelled(this.summarySoFar());
    this.leave('bc');
  }

  /**
   * PPO iterations `start.iteration + 1 ..= iterations` of `phase`: a metrics row each, the
   * validation Sharpe every `validateEvery`, a checkpoint every `checkpointEvery` (after which
   * the episodes restart, as they do in a resumed run), a checkpoint and JobCancelled on cancel.
   */
  private async rlPhase(
    phase: 'ppo' | 'finetune',
    trainer: PpoTrainer,
    env: VecEnv,
    iterations: number,
    start: { iteration: number; envSteps: number },
    stepsBefore: number,
  ): Promise<void> {
    const { ctx } = this;
    const { checkpointEvery, validateEvery } = this.config.schedule;
    this.enter(phase);
    this.progress.enterRlPhase(phase, stepsBefore, start.envSteps, start.iteration);
    let envSteps = start.envSteps;
    // Configs stored before rewardScale existed trained on unscaled rewards.
    const learnerEnv = new ScaledRewardEnv(env, this.config.rewardScale ?? 1);
    for (let iteration = start.iteration + 1; iteration <= iterations; iteration++) {
      const stats = await trainer.iterate(learnerEnv);
      envSteps += stats.envSteps;
      const validate = iteration % validateEvery === 0 || iteration === iterations;
      const sharpe = validate ? await this.validationSharpe() : null;
      this.progress.rlIteration(
        phase,
        iteration,
        envSteps,
        { ...stats, validationSharpe: sharpe },
        `${phase} iteration ${iteration}/${iterations}`,
      );
      const checkpointNow = iteration % checkpointEvery === 0 && iteration < iterations;
      if (checkpointNow) this.save({ phase, iteration, envSteps }, trainer, env, true);
      await ctx.yieldToHost();
      if (ctx.isCancelled()) {
        if (!checkpointNow) this.save({ phase, iteration, envSteps }, trainer, env);
        throw new JobCancelled(this.summarySoFar());
      }
    }
    this.leave(phase);
  }

  /**
   * Writes the checkpoint the run would continue from. `restartEpisodes`: the trainer drops the
   * episodes in flight and restarts them from the saved generator state at its next iteration —
   * exactly what a run resumed from this checkpoint does.
   */
  private save(
    at: { phase: TrainingPhase; iteration: number; envSteps: number },
    trainer: PpoTrainer,
    env: VecEnv,
    restartEpisodes = false,
  ): void {
    const state = trainer.getState();
    const position: RunPosition = {
      ...at,
      envRngState: env.rngState,
      dataHash: this.data.dataHash,
      savedAt: this.ctx.now(),
    };
    writeCheckpoint(this.ctx.dataDir, this.runId, toCheckpoint(position, state));
    this.runs.setCheckpoint(this.runId, { phase: at.phase, iteration: at.iteration });
    if (restartEpisodes) trainer.setState(state);
  }

  private lastYield = 0;

  /**
   * The greedy policy for the deterministic walks (validation, evaluation). A walk over long
   * windows makes one call per bar: every YIELD_EVERY_MS it lets a cancel arrive, and stops the
   * walk when one did.
   */
  private readonly greedy = async (obs: Float32Array, n: number): Promise<Int32Array> => {
    const actions = this.net.act(obs, n, 'greedy', this.greedyRng).actions;
    const now = performance.now();
    if (now - this.lastYield > YIELD_EVERY_MS) {
      this.lastYield = now;
      await this.ctx.yieldToHost();
      if (this.ctx.isCancelled()) throw new WalkStopped();
    }
    return actions;
  };

  /** Validation Sharpe of the greedy policy; null when not measurable or cut short by a cancel. */
  private async validationSharpe(): Promise<number | null> {
    const windows = this.data.validation.filter((w) => w.end - w.start > 1);
    if (windows.length === 0) return null;
    try {
      const sharpe = await validationSharpe(windows, this.greedy, this.config.env);
      return Number.isFinite(sharpe) ? sharpe : null;
    } catch (err) {
      if (err instanceof WalkStopped) return null;
      throw err;
    }
  }

  private async evaluate(): Promise<Evaluation> {
    this.enter('evaluate');
    this.progress.note('evaluate', 'evaluating on the hold-out windows');
    const evaluation = await evaluatePolicy(this.data.test, this.greedy, this.config.env).catch((err) => {
      throw err instanceof WalkStopped ? new JobCancelled(this.summarySoFar()) : err;
    });
    this.runs.setEvaluation(this.runId, evaluation);
    this.leave('evaluate');
    return evaluation;
  }

  /**
   * Registers the policy (tfjs + ONNX, checked); a run that registered before a crash keeps its model.
   * The model outputs action probabilities and the normalised value (config.valueScale converts it).
   */
  private async register(evaluation: Evaluation, valueScale: { mean: number; std: number }): Promise<number> {
    const { ctx, runId } = this;
    const existing = this.runs.mustGet(runId).modelId;
    if (existing !== null && getModel(ctx.db, existing)) return existing;
    this.enter('register');
    this.progress.note('register', 'saving the model (tfjs, ONNX) and checking ONNX against tfjs');
    const check = checkObservations(this.data.series, ONNX_CHECK_OBSERVATIONS);
    const model = await registerPolicyModel({
      db: ctx.db,
      dataDir: ctx.dataDir,
      runId,
      name: `ppo-${this.config.preset}-run-${runId}`,
      spec: this.config.policy,
      weights: this.net.getWeights(),
      tfjsForward: (obs, n) => this.net.predict(obs, n),
      checkObservations: check.obs,
      checkCount: check.n,
      series: this.data.lineage,
      evaluation,
      // valueScale: the model's value output v is a return of v·std + mean (normalised value head).
      config: { ...this.config, normalization: this.data.normalization, valueScale } as unknown as Record<
        string,
        unknown
      >,
      seed: this.run.seed,
      backend: this.backend.name,
      codeVersion: codeVersion(),
      dataHash: this.data.dataHash,
      featureSetVersion: featureSet('observation', featureRegistry()).version,
      now: ctx.now(),
    });
    this.runs.setModel(runId, model.id);
    this.leave('register');
    return model.id;
  }

  private enter(phase: TrainingPhase): void {
    this.runs.startPhase(this.runId, phase, this.ctx.now());
  }

  private leave(phase: TrainingPhase): void {
    this.runs.endPhase(this.runId, phase, this.ctx.now());
  }

  private summarySoFar(): Record<string, unknown> {
    const run = this.runs.get(this.runId);
    return { runId: this.runId, phase: run?.phase ?? null, checkpoint: run?.checkpoint ?? null };
  }
}
