import { packColumn, unpackColumn } from '../../store/column-codec.js';

/**
 * Blobs of the feature cache. Values: the day's columns one after the other (column-major,
 * float64, NaN kept). State: `[count, len_0 … len_{count−1}, state_0 …, state_{count−1} …]`, one
 * entry per member definition of the set (length 0 for a member that does not apply to the market).
 */

export function packValues(columns: Float64Array[], barCount: number): Buffer {
  const out = new Float64Array(columns.length * barCount);
  columns.forEach((c, k) => out.set(c.subarray(0, barCount), k * barCount));
  return packColumn(out);
}

export function unpackValues(blob: Buffer, featureCount: number, barCount: number): Float64Array[] {
  const all = unpackColumn(blob);
  if (all.length !== featureCount * barCount) {
    throw new Error(
      `Corrupt feature chunk: ${all.length} values, expected ${featureCount} features × ${barCount} bars`,
    );
  }
  return Array.from({ length: featureCount }, (_, k) => all.subarray(k * barCount, (k + 1) * barCount));
}

export function packStates(states: Float64Array[]): Buffer {
  const total = 1 + states.length + states.reduce((sum, s) => sum + s.length, 0);
  const out = new Float64Array(total);
  out[0] = states.length;
  let offset = 1 + states.length;
  states.forEach((s, k) => {
    out[1 + k] = s.length;
    out.set(s, offset);
    offset += s.length;
  });
  return packColumn(out);
}

export function unpackStates(blob: Buffer, expectedCount: number): Float64Array[] {
  const all = unpackColumn(blob);
  const count = all[0];
  if (count !== expectedCount) {
    throw new Error(`Corrupt feature state: ${count} member states, expected ${expectedCount}`);
  }
  const states: Float64Array[] = [];
  let offset = 1 + count;
  for (let k = 0; k < count; k++) {
    const length = all[1 + k];
    states.push(all.slice(offset, offset + length));
    offset += length;
  }
  if (offset !== all.length)
    throw new Error(`Corrupt feature state: ${all.length} values, expected ${offset}`);
  return states;
}
