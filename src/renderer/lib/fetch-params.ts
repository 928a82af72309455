import {
  BinanceInterval,
  FetchBinanceFuturesParams,
  FetchBinanceParams,
  type BinancePreset,
  type FuturesDataKind,
} from '../../shared/contract/index.js';
import { presetRange } from '../../shared/binance-presets.js';
import { paramsFromSchema, type FieldErrors, type FormResult } from './form-result.js';
import { parseSymbolList, symbolListError } from './symbols.js';

/** Intervals in the order the picker lists them: the two the lab trains on first, then the rest. */
export const intervalChoices: readonly BinanceInterval[] = [
  '1m',
  '1h',
  ...BinanceInterval.options.filter((i) => i !== '1m' && i !== '1h'),
];

export type FetchMarket = FetchBinanceParams['market'];

/** The kline fetch form as typed: text fields stay text until the Start button builds the call. */
export interface FetchFormValues {
  /** Id of the preset the fields came from; '' when typed by hand. */
  presetId: string;
  symbolsText: string;
  market: FetchMarket;
  interval: BinanceInterval;
  from: string;
  to: string;
  concurrency: string;
  restFill: boolean;
}

export type FetchField = 'symbols' | 'market' | 'interval' | 'from' | 'to' | 'concurrency';

const FETCH_FIELDS: readonly FetchField[] = ['symbols', 'market', 'interval', 'from', 'to', 'concurrency'];

const DAY_MS = 86_400_000;
const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** An empty form: no symbols, 1m spot, the last 30 UTC days, REST fill on. */
export function defaultFetchValues(today: Date): Omit<FetchFormValues, 'concurrency'> {
  return {
    presetId: '',
    symbolsText: '',
    market: 'spot',
    interval: '1m',
    from: utcDay(today.getTime() - 30 * DAY_MS),
    to: utcDay(today.getTime()),
    restFill: true,
  };
}

/** The form after picking a preset: its symbols, market, interval and its date range ending today. */
export function applyPreset<V extends Omit<FetchFormValues, 'concurrency'>>(
  values: V,
  preset: BinancePreset,
  today: Date,
): V {
  const { from, to } = presetRange(preset, today);
  return {
    ...values,
    presetId: preset.id,
    symbolsText: preset.symbols.join(', '),
    market: preset.market,
    interval: preset.interval,
    from,
    to,
  };
}

/**
 * Missing dates get a message that says which one, rather than the schema's format message; the
 * order is checked here too because the schema checks it only once every other field is valid.
 */
function dateErrors(from: string, to: string): FieldErrors<'from' | 'to'> {
  const errors: FieldErrors<'from' | 'to'> = {};
  if (!from) errors.from = 'Pick the first UTC day to fetch.';
  if (!to) errors.to = 'Pick the last UTC day to fetch (a future day means up to now).';
  if (from && to && from > to) errors.from = `"From" (${from}) is after "To" (${to}).`;
  return errors;
}

function parseConcurrency(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * The `startFetchBinance` parameters for the form, checked against the contract's schema, or the
 * inline message of each field that is wrong. The preset id is kept for the record only while the
 * fields still come from it.
 */
export function buildFetchParams(values: FetchFormValues): FormResult<FetchBinanceParams, FetchField> {
  const parsed = parseSymbolList(values.symbolsText);
  const errors: FieldErrors<FetchField> = { ...dateErrors(values.from, values.to) };
  const symbolError = symbolListError(parsed);
  if (symbolError) errors.symbols = symbolError;
  const concurrency = parseConcurrency(values.concurrency);
  if (concurrency == null || concurrency < 1 || concurrency > 32) {
    errors.concurrency = 'Parallel downloads must be a whole number from 1 to 32.';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  return paramsFromSchema(
    FetchBinanceParams,
    {
      symbols: parsed.symbols,
      interval: values.interval,
      market: values.market,
      from: values.from,
      to: values.to,
      concurrency,
      restFill: values.restFill,
      ...(values.presetId ? { preset: values.presetId } : {}),
    },
    FETCH_FIELDS,
  );
}

/** The USD-M futures data form: funding, metrics, open interest and premium index per symbol. */
export interface FuturesFormValues {
  symbolsText: string;
  what: readonly FuturesDataKind[];
  from: string;
  to: string;
}

export type FuturesField = 'symbols' | 'what' | 'from' | 'to';

const FUTURES_FIELDS: readonly FuturesField[] = ['symbols', 'what', 'from', 'to'];

/** Funding, metrics and open interest are what the models use; premium is opt-in. */
export const defaultFuturesKinds: readonly FuturesDataKind[] = ['funding', 'metrics', 'oi'];

/**
 * The `startFetchBinanceFutures` parameters for the form, or the inline message of each wrong field.
 * `concurrency` is the lab's download setting (the form has no field of its own for it).
 */
export function buildFuturesParams(
  values: FuturesFormValues,
  concurrency?: number,
): FormResult<FetchBinanceFuturesParams, FuturesField> {
  const parsed = parseSymbolList(values.symbolsText);
  const errors: FieldErrors<FuturesField> = { ...dateErrors(values.from, values.to) };
  const symbolError = symbolListError(parsed);
  if (symbolError) errors.symbols = symbolError;
  if (values.what.length === 0) errors.what = 'Tick at least one kind of futures data.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  return paramsFromSchema(
    FetchBinanceFuturesParams,
    {
      symbols: parsed.symbols,
      what: [...values.what],
      from: values.from,
      to: values.to,
      ...(concurrency != null ? { concurrency } : {}),
    },
    FUTURES_FIELDS,
  );
}
