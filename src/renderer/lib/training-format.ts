import type { BackendChoice, ComputeBackendName, TrainingPreset } from '../../shared/contract/index.js';
import { formatEta } from './format.js';

const DASH = '—';

const isNumber = (value: number | null | undefined): value is number =>
  value != null && Number.isFinite(value);

/** A fraction as a percentage with its sign: 0.052 → "+5.2%", -0.3 → "−30.0%", 0 → "0.0%". */
export function formatSignedPercent(fraction: number | null | undefined, digits = 1): string {
  if (!isNumber(fraction)) return DASH;
  const text = Math.abs(fraction * 100).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return `${fraction > 0 ? '+' : '−'}${text}%`;
}

/** A share or a size as a plain percentage: 0.45 → "45.0%". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  return isNumber(fraction) ? `${(fraction * 100).toFixed(digits)}%` : DASH;
}

/** A ratio such as Sharpe with two decimals: "1.23", "−0.40". */
export function formatRatio(value: number | null | undefined, digits = 2): string {
  if (!isNumber(value)) return DASH;
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `−${text}` : text;
}

const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Large counts short: 12_345 → "12.3K", 10_000_000 → "10M". */
export function formatCompact(value: number | null | undefined): string {
  return isNumber(value) ? compactFormat.format(value) : DASH;
}

/**
 * A training measure (loss, entropy, KL, reward) with four significant digits: small and large
 * values both stay readable ("0.0123", "1.234", "1,235").
 */
export function formatMeasure(value: number | null | undefined): string {
  if (!isNumber(value)) return DASH;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** A duration estimate: "about 3m 05s"; "unknown" when the lab could not estimate one. */
export function formatEstimate(seconds: number | null | undefined): string {
  return isNumber(seconds) ? `about ${formatEta(seconds)}` : 'unknown';
}

const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A UTC window of bar times, `to` exclusive: "2021-01-01 → 2021-10-19". */
export function formatWindow(from: number, to: number): string {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return DASH;
  // `to` is exclusive: the last day covered is the one before it (a window ending at midnight).
  return `${utcDay(from)} → ${utcDay(Math.max(from, to - 1))}`;
}

/** UTC ms as "2024-03-01 13:45". */
export function formatTime(ms: number | null | undefined): string {
  if (!isNumber(ms)) return DASH;
  const text = new Date(ms).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)}`;
}

export const presetLabels: Record<TrainingPreset, string> = { quick: 'Quick', full: 'Full' };

/** What each preset is for, shown under the picker. */
export const presetHelp: Record<TrainingPreset, string> = {
  quick: 'A few minutes on a laptop CPU, sized to the data stored: to see the whole pipeline work.',
  full: 'The full schedule: behaviour cloning 5k–10k steps, PPO 10M–20M env steps, stock finetune. Hours.',
};

export const backendLabels: Record<ComputeBackendName, string> = {
  'tfjs-node-gpu': 'GPU (tfjs-node-gpu, CUDA)',
  'tfjs-node': 'native CPU (tfjs-node)',
  wasm: 'WebAssembly (tfjs wasm)',
  cpu: 'plain JavaScript (tfjs cpu)',
};

/** A backend name from a job's progress (a string there) with its label, or the name itself. */
export function backendLabel(name: string): string {
  return (backendLabels as Record<string, string>)[name] ?? name;
}

/** How a run's backend was chosen, and why the faster ones were not used. */
export interface BackendView {
  name: ComputeBackendName;
  label: string;
  /** "forced in Settings" or "chosen automatically". */
  how: string;
  skipped: { name: ComputeBackendName; reason: string }[];
}

export function backendView(choice: BackendChoice): BackendView {
  return {
    name: choice.name,
    label: backendLabels[choice.name],
    how: choice.forced ? 'forced by Settings or the request' : 'chosen automatically',
    skipped: choice.attempts.filter((a) => !a.ok).map((a) => ({ name: a.name, reason: a.reason })),
  };
}

/**
 * A backend choice in one line for the status bar: the skipped names in `skipped` ("" when none)
 * and everything with the reasons in `title` (its tooltip).
 */
export function backendSummary(choice: BackendChoice): { skipped: string; title: string } {
  const view = backendView(choice);
  const reasons = view.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  return {
    skipped: view.skipped.map((s) => s.name).join(', '),
    title: `Training runs on ${view.label}, ${view.how}.${reasons ? ` Skipped: ${reasons}.` : ''}`,
  };
}
