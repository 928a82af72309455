import type { KlineFileName } from './file-name.js';
import { FileRejected } from './file-rejected.js';

/** Every bar of a daily file opens on its day, every bar of a monthly file in its month. */
export function assertBarsInPeriod(time: Float64Array, name: KlineFileName): void {
  const start = Date.parse(name.period === 'daily' ? `${name.date}T00:00:00Z` : `${name.date}-01T00:00:00Z`);
  const endDate = new Date(start);
  if (name.period === 'daily') endDate.setUTCDate(endDate.getUTCDate() + 1);
  else endDate.setUTCMonth(endDate.getUTCMonth() + 1);
  const end = endDate.getTime();
  const first = time[0];
  const last = time[time.length - 1];
  if (first < start || last >= end) {
    const bad = first < start ? first : last;
    throw new FileRejected(
      `bar at ${new Date(bad).toISOString()} lies outside the ${name.period === 'daily' ? 'day' : 'month'} ${name.date} the file name says`,
    );
  }
}
