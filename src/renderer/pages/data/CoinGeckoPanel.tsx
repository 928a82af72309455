import { useState, type FormEvent } from 'react';
import { CoinGeckoSnapshotKind, type JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useCredentialsStatus } from '../../hooks/use-credentials.js';
import { useLabQuery } from '../../hooks/use-lab-query.js';
import { buildCoinGeckoParams, type CoinGeckoField } from '../../lib/stock-params.js';
import { useLab } from '../../transport/lab-context.js';
import { CoinGeckoSnapshotTable } from './CoinGeckoSnapshotTable.js';
import { CredentialsNote } from './CredentialsNote.js';
import { errorProps, FieldError } from './FieldError.js';
import { JobFormActions } from './JobFormActions.js';
import { LaunchedJobView } from './LaunchedJobView.js';
import { useFieldErrors } from './use-field-errors.js';
import { useJobLauncher } from './use-job-launcher.js';

const COINGECKO_KINDS: readonly JobKind[] = ['fetch-coingecko'];

const KIND_LABELS: Record<CoinGeckoSnapshotKind, string> = {
  markets: 'Markets (coins by market cap)',
  trending: 'Trending searches',
};

/**
 * CoinGecko snapshots: market-cap ranks (/coins/markets) and trending coins (/search/trending).
 * CoinGecko keeps no history of either, so the lab records them forward, one snapshot per fetch,
 * and the latest of each kind is shown here with the time it was taken.
 */
export function CoinGeckoPanel() {
  const { api } = useLab();
  const credentials = useCredentialsStatus();
  const [what, setWhat] = useState<readonly CoinGeckoSnapshotKind[]>(CoinGeckoSnapshotKind.options);
  const { errors, setErrors, clearError } = useFieldErrors<CoinGeckoField>();
  const launcher = useJobLauncher(COINGECKO_KINDS, 'the CoinGecko fetch');
  const snapshots = useLabQuery((lab) => lab.getCoinGeckoSnapshots({}), 'latest', COINGECKO_KINDS);

  const toggle = (kind: CoinGeckoSnapshotKind, on: boolean) =>
    setWhat((prev) => CoinGeckoSnapshotKind.options.filter((k) => (k === kind ? on : prev.includes(k))));

  const start = (event: FormEvent) => {
    event.preventDefault();
    const built = buildCoinGeckoParams(what);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    launcher.launch(() => api.startFetchCoinGecko(built.params));
  };

  const latest = snapshots.data ?? [];
  return (
    <section className="panel" aria-labelledby="coingecko-title">
      <h2 className="panel__title" id="coingecko-title">
        CoinGecko snapshots
      </h2>
      <CredentialsNote
        status={credentials.data}
        error={credentials.error}
        names={['coingeckoApiKey']}
        testId="coingecko-credentials"
        optional
      />
      <form className="fetch-form" onSubmit={start} noValidate>
        <fieldset className="checkbox-group" {...errorProps('coingecko-what-error', errors.what)}>
          <legend className="field__label">Take a snapshot of</legend>
          {CoinGeckoSnapshotKind.options.map((kind) => (
            <label key={kind} className="checkbox-field">
              <input
                type="checkbox"
                data-testid={`coingecko-what-${kind}`}
                checked={what.includes(kind)}
                onChange={(e) => {
                  toggle(kind, e.target.checked);
                  clearError('what');
                }}
              />
              {KIND_LABELS[kind]}
            </label>
          ))}
          <FieldError id="coingecko-what-error" message={errors.what} />
        </fieldset>
        {errors.form && <ErrorNote message={errors.form} testId="coingecko-form-error" />}
        <JobFormActions launcher={launcher} startLabel="Take snapshots" testIdPrefix="coingecko" />
      </form>
      <LaunchedJobView launcher={launcher} testIdPrefix="coingecko" />
      {snapshots.error && <ErrorNote message={`Could not load the snapshots: ${snapshots.error}`} />}
      {snapshots.loaded && latest.length === 0 && (
        <p className="muted" data-testid="coingecko-empty">
          No snapshot taken yet. CoinGecko keeps no history of ranks or trending coins, so the lab can only
          record them from now on: take the first one above.
        </p>
      )}
      <div className="snapshot-tables">
        {latest.map((snapshot) => (
          <CoinGeckoSnapshotTable key={snapshot.id} snapshot={snapshot} />
        ))}
      </div>
    </section>
  );
}
