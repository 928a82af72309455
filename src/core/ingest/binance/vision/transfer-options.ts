import type { TransferTuning } from '../../../../shared/contract/index.js';

/** Job parameters → archive fetcher options (only what was set, so the downloader's defaults hold). */
export function transferOptions(tuning: TransferTuning | undefined): {
  stallTimeoutMs?: number;
  retry?: { maxAttempts?: number; baseMs?: number };
} {
  if (!tuning) return {};
  const retry = {
    ...(tuning.maxAttempts ? { maxAttempts: tuning.maxAttempts } : {}),
    ...(tuning.retryBaseMs ? { baseMs: tuning.retryBaseMs } : {}),
  };
  return {
    ...(tuning.stallTimeoutMs ? { stallTimeoutMs: tuning.stallTimeoutMs } : {}),
    ...(Object.keys(retry).length ? { retry } : {}),
  };
}
