/**
 * Delay before reconnect attempt `attempt` (1-based): doubles from 500 ms up to 10 s, with ±20%
 * jitter so that many tabs do not hammer a restarting server in lockstep.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(500 * 2 ** Math.max(0, attempt - 1), 10_000);
  const jitter = 1 + (random() * 0.4 - 0.2);
  return Math.round(base * jitter);
}
