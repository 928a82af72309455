import type { ReactNode } from 'react';
import { formatUtc } from '../lib/format.js';
import { ErrorNote } from './ErrorNote.js';

/** What a settings section shows before its values arrive: why they did not, or that they are coming. */
export function NotLoaded({ error, failure }: { error: string | null; failure: string }) {
  return error ? <ErrorNote message={`${failure}: ${error}`} /> : <p className="muted">Loading…</p>;
}

/** A settings form's submit button (`testId`; "Saving…" while `busy`) and a hint beside it. */
export function SaveButtons({
  label,
  busy,
  disabled,
  testId,
  hint,
}: {
  label: string;
  busy: boolean;
  disabled: boolean;
  testId: string;
  hint: string;
}) {
  return (
    <div className="settings-form__buttons">
      <button type="submit" className="button button--primary" disabled={disabled} data-testid={testId}>
        {busy ? 'Saving…' : label}
      </button>
      <span className="muted">{hint}</span>
    </div>
  );
}

/** "Saved at … UTC" and what follows from it, once something was saved (`savedAt`, ISO). */
export function SavedNote({
  savedAt,
  testId,
  children,
}: {
  savedAt: string | null;
  testId: string;
  children: ReactNode;
}) {
  if (!savedAt) return null;
  return (
    <p className="muted" data-testid={testId} role="status">
      Saved at {formatUtc(savedAt, { seconds: true })} UTC{children}
    </p>
  );
}
