import { createHash } from 'node:crypto';

/** Hex digits kept of a sha256: 64 bits, far past any collision risk among feature versions. */
const VERSION_HEX_DIGITS = 16;

/**
 * A short stable hash of JSON-like parts: object keys are sorted, so `{ a, b }` and `{ b, a }` hash
 * alike, and numbers are written by String (so 14 and 14.0 are one value, -0 and 0 are not).
 */
export function stableHash(...parts: unknown[]): string {
  return createHash('sha256').update(canonical(parts)).digest('hex').slice(0, VERSION_HEX_DIGITS);
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  throw new TypeError(`stableHash: cannot hash a ${typeof value}`);
}
