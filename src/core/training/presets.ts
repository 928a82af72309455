import type { TrainingOverrides, TrainingPreset } from '../../shared/contract/index.js';
import { defaultEnvConfig, type EnvConfig } from '../sim/env-config.js';
import { DEFAULT_ORACLE_HORIZON } from '../sim/hindsight-oracle.js';
import { OFF_PATH_SHARE } from './bc-dataset.js';
import { defaultPolicySpec, type PolicySpec } from '../learn/policy-spec.js';
import { defaultPpoConfig, type PpoConfig } from '../learn/ppo-trainer.js';

/**
 * How a run trains: the schedule of each phase, the market blends, the data splits, the
 * environment and PPO settings. Plain JSON: it is stored in training_runs.config and in the
 * model's lineage, and a resumed run reads it back instead of resolving it again.
 */
export interface TrainingConfig {
  version: 1;
  preset: TrainingPreset;
  seed: number;
  /** Training bars the schedule was sized for (all train windows together). */
  trainBars: number;
  markets: { crypto: boolean; stock: boolean };
  schedule: TrainingSchedule;
  /** Share of crypto episodes / samples in each phase (the rest are stocks). */
  blends: { bc: number; ppo: number; finetune: number };
  splits: SplitConfig;
  /** BC samples whose position slots hold a random position instead of the oracle's (bc-dataset.ts). */
  oracle: { horizon: number; offPathShare: number };
  env: EnvConfig;
  /** Factor on the env's rewards as the PPO learner sees them (scaled-reward-env.ts says why). */
  rewardScale: number;
  ppo: PpoConfig;
  policy: PolicySpec;
}

export interface TrainingSchedule {
  bcSteps: number;
  bcBatchSize: number;
  bcLearningRate: number;
  /** PPO environment steps (a whole number of iterations of numEnvs × rolloutSteps). */
  ppoEnvSteps: number;
  ppoIterations: number;
  numEnvs: number;
  rolloutSteps: number;
  /** Gradient updates of the stock finetune (0: skipped), run as whole PPO iterations. */
  finetuneUpdates: number;
  finetuneIterations: number;
  /** Learning rate of the finetune (lower than PPO's: it adjusts, it does not relearn). */
  finetuneLearningRate: number;
  /** A checkpoint every this many iterations (PPO and finetune): a crash loses at most this many. */
  checkpointEvery: number;
  /** Validation Sharpe every this many iterations (and after the last). */
  validateEvery: number;
}

export interface SplitConfig {
  /** Share of each series' bars kept for the final hold-out test (after a purge gap). */
  holdoutFraction: number;
  /** Share of each series' bars for validation Sharpe during training (between train and test). */
  validationFraction: number;
  /** Bars skipped between train, validation and test (PURGE_BARS says why). */
  purgeBars: number;
}

/** What a preset scales with the data: bounds and per-bar multipliers. */
interface PresetSizing {
  /** BC passes over the training bars, bounded by [bcMin, bcMax] steps. */
  bcEpochs: number;
  bcMin: number;
  bcMax: number;
  bcBatchSize: number;
  /** PPO env steps per training bar, bounded by [ppoMin, ppoMax]. */
  ppoStepsPerBar: number;
  ppoMin: number;
  ppoMax: number;
  numEnvs: number;
  rolloutSteps: number;
  /** PPO minibatch: Quick's rollouts are small, so smaller batches give it enough updates. */
  minibatchSize: number;
  /** Finetune updates as a share of PPO's updates, bounded by [finetuneMin, finetuneMax]. */
  finetuneShare: number;
  finetuneMin: number;
  finetuneMax: number;
  checkpointEvery: number;
  validateEvery: number;
}

/**
 * Quick: a few minutes on a laptop CPU at most, well under a minute for a few thousand bars
 * (about 10–25k env-steps/s on the wasm backend). Full: the brief's schedule — BC 5k–10k steps,
 * PPO 10M–20M env steps, finetune 2k–5k updates — scaled within those bounds by the data.
 */
const SIZING: Record<TrainingPreset, PresetSizing> = {
  quick: {
    bcEpochs: 30,
    bcMin: 100,
    bcMax: 1_500,
    bcBatchSize: 256,
    ppoStepsPerBar: 64,
    ppoMin: 32_768,
    ppoMax: 1_048_576,
    numEnvs: 32,
    rolloutSteps: 128,
    minibatchSize: 1024,
    finetuneShare: 0.2,
    finetuneMin: 16,
    finetuneMax: 400,
    checkpointEvery: 4,
    validateEvery: 4,
  },
  full: {
    bcEpochs: 60,
    bcMin: 5_000,
    bcMax: 10_000,
    bcBatchSize: 512,
    ppoStepsPerBar: 200,
    ppoMin: 10_000_000,
    ppoMax: 20_000_000,
    numEnvs: 64,
    rolloutSteps: 256,
    minibatchSize: 4096,
    finetuneShare: 0.1,
    finetuneMin: 2_000,
    finetuneMax: 5_000,
    checkpointEvery: 10,
    validateEvery: 10,
  },
};

/** The brief's blends: PPO 70/30 crypto:stock, BC 50/50, finetune 30/70. */
export const DEFAULT_BLENDS = { bc: 0.5, ppo: 0.7, finetune: 0.3 } as const;

/** Env rewards are in hundreds per step (× 100 / σ); the learner sees them in units of σ. */
export const DEFAULT_REWARD_SCALE = 0.01;

export const DEFAULT_SPLITS = { holdoutFraction: 0.2, validationFraction: 0.1 } as const;

/**
 * Bars skipped between train, validation and test: at least the oracle's per-bar look-ahead and a
 * day of hourly bars. The oracle reads only bars inside the train window (hindsight-oracle.ts), so
 * no BC label sees a later window's price; the purge is a buffer besides, so the first evaluated
 * bars do not sit next to the last trained ones.
 */
export const PURGE_BARS = Math.max(2 * DEFAULT_ORACLE_HORIZON, 24);

/** The data splits of a request (needed before the data is loaded, so the schedule can be sized on it). */
export function resolveSplits(overrides: TrainingOverrides = {}): SplitConfig {
  return {
    holdoutFraction: overrides.holdoutFraction ?? DEFAULT_SPLITS.holdoutFraction,
    validationFraction: DEFAULT_SPLITS.validationFraction,
    purgeBars: PURGE_BARS,
  };
}

/** Training bars expected from stored bar counts (for defaults shown before any data is loaded). */
export function expectedTrainBars(storedBars: number, splits: SplitConfig = resolveSplits()): number {
  const kept = 1 - splits.holdoutFraction - splits.validationFraction;
  return Math.max(0, Math.floor(storedBars * kept) - 2 * splits.purgeBars);
}

export interface ResolveConfigInput {
  preset: TrainingPreset;
  seed: number;
  /** Bars of all training windows together. */
  trainBars: number;
  markets: { crypto: boolean; stock: boolean };
  overrides?: TrainingOverrides;
}

/** The full config of a run: the preset sized to its training bars, then the request's overrides. */
export function resolveTrainingConfig(input: ResolveConfigInput): TrainingConfig {
  const { preset, trainBars, markets } = input;
  const overrides = input.overrides ?? {};
  const size = SIZING[preset];
  const ppo: PpoConfig = { ...defaultPpoConfig, minibatchSize: size.minibatchSize };

  const numEnvs = overrides.numEnvs ?? size.numEnvs;
  const rolloutSteps = overrides.rolloutSteps ?? size.rolloutSteps;
  const perIteration = numEnvs * rolloutSteps;
  const bcSteps =
    overrides.bcSteps ?? clampRound((trainBars * size.bcEpochs) / size.bcBatchSize, size.bcMin, size.bcMax);
  const wantedPpo =
    overrides.ppoEnvSteps ?? clampRound(trainBars * size.ppoStepsPerBar, size.ppoMin, size.ppoMax);
  const ppoIterations = wantedPpo === 0 ? 0 : Math.max(1, Math.round(wantedPpo / perIteration));

  const updatesPerIteration = ppoUpdatesPerIteration(ppo, perIteration);
  // A finetune needs stocks to tune on and crypto to have blended with; otherwise it repeats PPO.
  const finetunePossible = markets.stock && markets.crypto;
  const wantedFinetune = !finetunePossible
    ? 0
    : (overrides.finetuneUpdates ??
      clampRound(
        ppoIterations * updatesPerIteration * size.finetuneShare,
        size.finetuneMin,
        size.finetuneMax,
      ));
  const finetuneIterations =
    wantedFinetune === 0 ? 0 : Math.max(1, Math.round(wantedFinetune / updatesPerIteration));

  const onlyOne = (share: number) => (!markets.stock ? 1 : !markets.crypto ? 0 : share);
  return {
    version: 1,
    preset,
    seed: input.seed,
    trainBars,
    markets,
    schedule: {
      bcSteps,
      bcBatchSize: size.bcBatchSize,
      bcLearningRate: 1e-3,
      ppoEnvSteps: ppoIterations * perIteration,
      ppoIterations,
      numEnvs,
      rolloutSteps,
      finetuneUpdates: finetuneIterations * updatesPerIteration,
      finetuneIterations,
      finetuneLearningRate: ppo.learningRate / 3,
      checkpointEvery: overrides.checkpointEvery ?? size.checkpointEvery,
      validateEvery: size.validateEvery,
    },
    blends: {
      bc: onlyOne(DEFAULT_BLENDS.bc),
      ppo: onlyOne(overrides.ppoCryptoShare ?? DEFAULT_BLENDS.ppo),
      finetune: onlyOne(DEFAULT_BLENDS.finetune),
    },
    splits: resolveSplits(overrides),
    oracle: { horizon: DEFAULT_ORACLE_HORIZON, offPathShare: OFF_PATH_SHARE },
    env: {
      ...defaultEnvConfig,
      allowShortStocks: overrides.allowShortStocks ?? defaultEnvConfig.allowShortStocks,
    },
    rewardScale: DEFAULT_REWARD_SCALE,
    // The learning-rate schedule spans PPO's iterations (the finetune gets its own).
    ppo: { ...ppo, rolloutSteps, totalUpdates: Math.max(1, ppoIterations) },
    policy: defaultPolicySpec,
  };
}

/** Minibatch updates one PPO iteration makes over a rollout of `rolloutSize` steps. */
export function ppoUpdatesPerIteration(ppo: PpoConfig, rolloutSize: number): number {
  return ppo.epochs * Math.max(1, Math.ceil(rolloutSize / ppo.minibatchSize));
}

/**
 * Rough seconds on this machine's CPU (wasm backend): start-up and data, BC, PPO and finetune at
 * measured rates of the Quick preset on a 2-core machine. Shown as "about N minutes", no promise.
 */
export function estimateSeconds(schedule: TrainingSchedule): number {
  // Measured on a 2-core laptop-class VM (wasm): PPO 20–30k env-steps/s, BC ~250 steps of 256/s,
  // job host start-up, features and evaluation a few seconds; rounded towards slower.
  const ENV_STEPS_PER_SEC = 20_000;
  const BC_STEPS_PER_SEC = 200;
  const OVERHEAD_SEC = 5;
  const finetuneSteps = schedule.finetuneIterations * schedule.numEnvs * schedule.rolloutSteps;
  return Math.round(
    OVERHEAD_SEC +
      schedule.bcSteps / BC_STEPS_PER_SEC +
      (schedule.ppoEnvSteps + finetuneSteps) / ENV_STEPS_PER_SEC,
  );
}

/**
 * The run's seed when the request gives none: fixed per run id (a run resumed or read later
 * keeps it), spread over the 31-bit range so neighbouring runs do not draw similar streams.
 */
export function seedForRun(runId: number): number {
  let h = (runId ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

function clampRound(value: number, lo: number, hi: number): number {
  return Math.round(Math.min(hi, Math.max(lo, value)));
}
