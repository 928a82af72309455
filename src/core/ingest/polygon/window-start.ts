/** Latest instant a JavaScript Date can hold, ms: a window_start beyond it is not a real time. */
const MAX_DATE_MS = 8.64e15;

/**
 * A flat file's `window_start` (integer nanoseconds since 1970 UTC) as epoch milliseconds, exactly.
 * Nanosecond values of today (~1.7e18) are far beyond 2^53, so `Number(text)` would round them;
 * the conversion is done on the decimal text instead: the last six digits must be zeros (bars start
 * on whole milliseconds; anything else is not a bar time) and the rest is a safe integer of ms.
 * Throws a RangeError that says what is wrong with the value.
 */
export function nanosToMillis(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new RangeError(`window_start "${text}" is not a whole number of nanoseconds since 1970`);
  }
  const digits = text.replace(/^0+(?=\d)/, '');
  if (digits.length <= 6) {
    if (/^0+$/.test(digits)) return 0;
    throw new RangeError(`window_start ${text} is not a whole millisecond (nanoseconds since 1970 expected)`);
  }
  if (!digits.endsWith('000000')) {
    throw new RangeError(`window_start ${text} is not a whole millisecond (nanoseconds since 1970 expected)`);
  }
  const ms = Number(digits.slice(0, -6));
  if (ms > MAX_DATE_MS) throw new RangeError(`window_start ${text} is beyond any date (too many digits)`);
  return ms;
}
