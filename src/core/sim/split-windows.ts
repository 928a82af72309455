/**
 * Chronological split of a series' usable bars into train | purge | validation | purge | test
 * (docs/simulation.md, "Splits and purge"). Bar counts only; the caller turns them into windows.
 */

export interface SplitOptions {
  /** Share of the usable bars in the test (hold-out) window, in (0, 1). */
  holdoutFraction: number;
  /** Share in the validation window, in [0, 1); 0 leaves it empty (and drops its purge). */
  validationFraction: number;
  /** Bars skipped before the validation and the test window (at least the oracle horizon). */
  purgeBars: number;
  /** Fewest train bars accepted (default MIN_TRAIN_BARS). */
  minTrainBars?: number;
  /** Fewest validation (when asked for) and test bars accepted (default MIN_EVAL_BARS). */
  minEvalBars?: number;
}

export const MIN_TRAIN_BARS = 100;
export const MIN_EVAL_BARS = 20;

export interface SplitBars {
  train: [number, number];
  validation: [number, number];
  test: [number, number];
}

/**
 * Windows over bar indices [first, first + usable). Returns a sentence saying what is missing
 * instead when the bars do not fill every window to its minimum.
 */
export function splitBars(first: number, usable: number, options: SplitOptions): SplitBars | string {
  const { holdoutFraction: hf, validationFraction: vf, purgeBars } = options;
  if (!(hf > 0 && hf < 1)) throw new RangeError(`holdoutFraction must be in (0, 1), got ${hf}`);
  if (!(vf >= 0 && vf < 1)) throw new RangeError(`validationFraction must be in [0, 1), got ${vf}`);
  if (!(hf + vf < 1))
    throw new RangeError(`holdoutFraction + validationFraction must be below 1, got ${hf + vf}`);
  if (!Number.isInteger(purgeBars) || purgeBars < 0)
    throw new RangeError(`purgeBars must be a whole number ≥ 0, got ${purgeBars}`);
  const minTrain = options.minTrainBars ?? MIN_TRAIN_BARS;
  const minEval = options.minEvalBars ?? MIN_EVAL_BARS;
  const sizes = (u: number) => {
    const testBars = Math.round(u * hf);
    const validationBars = vf > 0 ? Math.round(u * vf) : 0;
    const purges = validationBars > 0 ? 2 : 1;
    const trainBars = u - testBars - validationBars - purges * purgeBars;
    const fits = trainBars >= minTrain && testBars >= minEval && (vf === 0 || validationBars >= minEval);
    return { testBars, validationBars, purges, trainBars, fits };
  };
  const { testBars, validationBars, purges, trainBars, fits } = sizes(usable);
  if (!fits) {
    // The fewest usable bars that fill every window to its minimum (found by counting up, as the
    // window sizes are rounded).
    let needed = usable + 1;
    while (!sizes(needed).fits) needed++;
    const parts = [`${Math.round(hf * 100)}% test`];
    if (vf > 0) parts.push(`${Math.round(vf * 100)}% validation`);
    parts.push(`${purges} × ${purgeBars} purge bars`);
    return (
      `${usable} usable bars give ${Math.max(0, trainBars)} train, ${validationBars} validation and ${testBars} test bars ` +
      `(${parts.join(', ')}); at least ${minTrain} train and ${minEval} per evaluation window are needed ` +
      `(${needed} usable bars or more)`
    );
  }
  const trainEnd = first + trainBars;
  const validationStart = validationBars > 0 ? trainEnd + purgeBars : trainEnd;
  const validationEnd = validationStart + validationBars;
  const testStart = validationEnd + purgeBars;
  return {
    train: [first, trainEnd],
    validation: [validationStart, validationEnd],
    test: [testStart, testStart + testBars],
  };
}
