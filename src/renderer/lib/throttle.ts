export interface Throttled {
  (): void;
  cancel(): void;
}

/**
 * Runs `fn` at once, then at most once per `ms` while calls keep coming, with one trailing run so
 * the last call is never lost. Used for refreshes triggered by bursts of events (an import sends
 * `coverage.changed` once per file).
 */
export function throttle(fn: () => void, ms: number): Throttled {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    last = Date.now();
    timer = null;
    fn();
  };
  const throttled = (): void => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.cancel = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return throttled;
}
