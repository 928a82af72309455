import { useEffect, useState } from 'react';

/** The current time, re-read every `ms` while `active` (for countdowns and running durations). */
export function useNow(ms: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    // Refresh at once on activation (the value may be old from an earlier active period), then tick.
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ms, active]);
  return now;
}
