import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SeriesLineage, TrainPpoParams } from '../../shared/contract/index.js';
import type { NormalizationStats } from '../features/normalization/normalization-stats.js';
import { loadTrainingSeries } from '../sim/dataset.js';
import { writePositionSlots } from '../sim/position-slots.js';
import { OBS_SIZE, type SeriesWindow, type TrainingSeries } from '../sim/training-series.js';
import { DAY_MS } from '../time/intervals.js';
import { JobFailure } from '../jobs/job-context.js';
import { defaultSeries, requestedSeries, storedSeries, type StoredSeries } from './pick-series.js';
import type { SplitConfig } from './presets.js';

/** The data of a run, loaded and split: what every phase reads. */
export interface TrainingData {
  picked: StoredSeries[];
  series: TrainingSeries[];
  train: SeriesWindow[];
  validation: SeriesWindow[];
  test: SeriesWindow[];
  lineage: SeriesLineage[];
  /** Per symbol: the statistics its observations were scaled with (fit on its train window). */
  normalization: Record<string, NormalizationStats>;
  /** Bars of all train windows together (the presets size the schedule on it). */
  trainBars: number;
  markets: { crypto: boolean; stock: boolean };
  /** sha256 over every series' bar-chunk checksums, in series order. */
  dataHash: string;
}

/** The series a request trains on: the ones it names, or the preset's picks from stored data. */
export function seriesForRequest(db: Database, request: TrainPpoParams): StoredSeries[] {
  const range = { from: request.from, to: request.to };
  if (request.symbols) return requestedSeries(db, request.symbols, range);
  const picked = defaultSeries(db, request.preset, range);
  if (picked.blocker) throw new JobFailure(picked.blocker);
  return picked.series;
}

/**
 * A resumed run reads exactly the bars its first attempt used: each series of its lineage from its
 * first usable bar (the features warm up on the stored bars before it) to the end of its test
 * window, so new bars fetched meanwhile change neither the windows nor the normalisation.
 */
function pinnedSeries(
  db: Database,
  lineage: SeriesLineage[],
): { ref: StoredSeries; from: number; to: number }[] {
  const stored = storedSeries(db);
  return lineage.map((l) => {
    const ref = stored.find(
      (s) => s.symbol === l.symbol && s.market === l.market && s.interval === l.interval,
    );
    if (!ref)
      throw new JobFailure(
        `${l.symbol} ${l.interval} (${l.market}) is no longer stored, so this run cannot continue; start a new run.`,
      );
    return { ref, from: l.trainFrom, to: l.testTo };
  });
}

/**
 * Loads and splits each series (features through the cache, observations scaled on the train
 * window), reporting progress per series. Throws JobCancelled when cancelled while loading.
 * `pinned`: the lineage of an earlier attempt of the run, whose exact bars are read again.
 */
export async function prepareTrainingData(
  db: Database,
  request: TrainPpoParams,
  splits: SplitConfig,
  hooks: {
    isCancelled: () => boolean;
    onProgress: (message: string) => void | Promise<void>;
  },
  pinned?: SeriesLineage[],
): Promise<TrainingData> {
  // `to` is an inclusive date; the loader takes an exclusive time.
  const from = request.from ? Date.parse(`${request.from}T00:00:00Z`) : undefined;
  const to = request.to ? Date.parse(`${request.to}T00:00:00Z`) + DAY_MS : undefined;
  const plan =
    pinned && pinned.length > 0
      ? pinnedSeries(db, pinned)
      : seriesForRequest(db, request).map((ref) => ({ ref, from, to }));
  const picked = plan.map((p) => p.ref);
  const out: TrainingData = {
    picked,
    series: [],
    train: [],
    validation: [],
    test: [],
    lineage: [],
    normalization: {},
    trainBars: 0,
    markets: { crypto: false, stock: false },
    dataHash: '',
  };
  const hash = createHash('sha256');
  for (const [k, { ref, from, to }] of plan.entries()) {
    const label = `${ref.symbol} ${ref.interval}`;
    await hooks.onProgress(`loading ${label} (${k + 1}/${picked.length})`);
    const split = await loadTrainingSeries(db, ref, {
      from,
      to,
      holdoutFraction: splits.holdoutFraction,
      validationFraction: splits.validationFraction,
      purgeBars: splits.purgeBars,
      isCancelled: hooks.isCancelled,
      onProgress: (done, total) => hooks.onProgress(`features of ${label}: day ${done} of ${total}`),
    });
    out.series.push(split.series);
    out.train.push(split.train);
    out.validation.push(split.validation);
    out.test.push(split.test);
    out.lineage.push(split.lineage);
    out.normalization[ref.symbol] = split.normalization;
    out.trainBars += split.train.end - split.train.start;
    if (ref.market === 'stock') out.markets.stock = true;
    else out.markets.crypto = true;
    hash.update(`${ref.symbol}\t${ref.market}\t${ref.interval}\n`);
    for (const checksum of split.series.chunkChecksums) hash.update(`${checksum}\n`);
  }
  out.dataHash = hash.digest('hex');
  return out;
}

/**
 * `count` real observations for the ONNX check: bars spread evenly over every series (all their
 * windows), each with the flat position the series holds, and — when the series have fewer bars
 * than `count` — the same bars again as the environment shows them while long and while short
 * (entered some bars earlier), so the check covers the position-dependent inputs too.
 */
export function checkObservations(series: TrainingSeries[], count: number): { obs: Float32Array; n: number } {
  const rows: { s: TrainingSeries; i: number }[] = [];
  for (const s of series) for (let i = 0; i < s.time.length; i++) rows.push({ s, i });
  if (rows.length === 0) return { obs: new Float32Array(0), n: 0 };
  const variants = [0, 1, -1];
  const n = Math.min(count, rows.length * variants.length);
  const obs = new Float32Array(n * OBS_SIZE);
  for (let r = 0; r < n; r++) {
    // Enough bars: spread evenly, flat. Too few: every bar flat, then long, then short.
    const spread = n <= rows.length;
    const { s, i } = spread ? rows[Math.floor((r * rows.length) / n)] : rows[r % rows.length];
    obs.set(s.obs.subarray(i * OBS_SIZE, (i + 1) * OBS_SIZE), r * OBS_SIZE);
    const position = spread ? 0 : variants[Math.floor(r / rows.length)];
    if (position !== 0) {
      const held = 1 + (i % 24);
      writePositionSlots(obs, r, position, s.close[i], s.close[Math.max(0, i - held)], s.atr[i], held);
    }
  }
  return { obs, n };
}
