/** A bar for a fraction in [0, 1]; `null` draws an indeterminate bar (total not known yet). */
export function ProgressBar({ fraction, label }: { fraction: number | null; label: string }) {
  const percent = fraction == null ? undefined : Math.round(fraction * 1000) / 10;
  return (
    <div
      className={fraction == null ? 'progress progress--indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress__fill" style={percent == null ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
