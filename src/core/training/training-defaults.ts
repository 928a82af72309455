import type { Database } from 'better-sqlite3';
import type { TrainingDefaults, TrainingPreset } from '../../shared/contract/index.js';
import { defaultSeries, toTrainable } from './pick-series.js';
import { estimateSeconds, expectedTrainBars, resolveTrainingConfig } from './presets.js';

/**
 * What a preset would train on with the data stored now, its schedule and a rough duration —
 * or, when nothing usable is stored, the sentence saying why (the Training page then offers the
 * default download).
 */
export function trainingDefaults(db: Database, preset: TrainingPreset): TrainingDefaults {
  const picked = defaultSeries(db, preset);
  const trainBars = picked.series.reduce((sum, s) => sum + expectedTrainBars(s.bars), 0);
  const config = resolveTrainingConfig({
    preset,
    seed: 0,
    trainBars,
    markets: {
      crypto: picked.series.some((s) => s.market !== 'stock'),
      stock: picked.series.some((s) => s.market === 'stock'),
    },
  });
  const { bcSteps, ppoEnvSteps, finetuneUpdates } = config.schedule;
  return {
    preset,
    series: picked.series.map(toTrainable),
    blocker: picked.blocker,
    estimatedSeconds: picked.blocker ? null : estimateSeconds(config.schedule),
    schedule: { bcSteps, ppoEnvSteps, finetuneUpdates },
  };
}
