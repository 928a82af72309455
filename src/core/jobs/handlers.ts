import type { JobKind } from '../../shared/contract/index.js';
import { runImportJob } from '../ingest/binance/import-job.js';
import { runFetchBinanceJob } from '../ingest/binance/vision/fetch-binance-job.js';
import { runFetchBinanceFuturesJob } from '../ingest/binance/vision/fetch-futures-job.js';
import { runComputeQualityJob } from '../quality/compute-quality-job.js';
import { runRefreshUniverseJob } from '../universe/refresh-universe-job.js';
import { runFetchCoinGeckoJob } from '../ingest/coingecko/fetch-coingecko-job.js';
import { runFetchPolygonJob } from '../ingest/polygon/fetch-polygon-job.js';
import { runFetchYahooJob } from '../ingest/yahoo/fetch-yahoo-job.js';
import { runFetchNewsJob } from '../news/fetch-news-job.js';
import { runExportFeaturesJob } from '../features/export-features-job.js';
import { runTrainPpoJob } from '../training/train-ppo-job.js';
import type { JobHandler } from './job-context.js';

/** The code of every job kind, run inside a job host process. */
export const jobHandlers: Record<JobKind, JobHandler> = {
  'import-binance-files': runImportJob,
  'fetch-binance': runFetchBinanceJob,
  'fetch-binance-futures': runFetchBinanceFuturesJob,
  'refresh-universe': runRefreshUniverseJob,
  'compute-quality': runComputeQualityJob,
  'fetch-polygon': runFetchPolygonJob,
  'fetch-yahoo': runFetchYahooJob,
  'fetch-news': runFetchNewsJob,
  'fetch-coingecko': runFetchCoinGeckoJob,
  'export-features': runExportFeaturesJob,
  'train-ppo': runTrainPpoJob,
};
