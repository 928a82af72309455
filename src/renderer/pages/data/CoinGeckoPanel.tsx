import { useState } from 'react';
import { CoinGeckoSnapshotKind, type JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { useCredentialsStatus } from '../../hooks/use-credentials.js';
import { useLabQuery } from '../../hooks/use-lab-query.js';
import { buildCoinGeckoParams, type CoinGeckoField } from '../../lib/stock-params.js';
import { useLab } from '../../transport/lab-context.js';
import { CheckboxGroup } from './CheckboxGroup.js';
import { CoinGeckoSnapshotTable } from './CoinGeckoSnapshotTable.js';
import { CredentialsNote } from './CredentialsNote.js';
import { JobFormPanel } from './JobFormPanel.js';
import { useJobForm } from './use-job-form.js';

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
  const { errors, editing, launcher, submitWith } = useJobForm<CoinGeckoField>(
    COINGECKO_KINDS,
    'the CoinGecko fetch',
  );
  const snapshots = useLabQuery((lab) => lab.getCoinGeckoSnapshots({}), 'latest', COINGECKO_KINDS);

  const start = submitWith(
    () => buildCoinGeckoParams(what),
    (params) => api.startFetchCoinGecko(params),
  );

  const latest = snapshots.data ?? [];
  return (
    <JobFormPanel
      testIdPrefix="coingecko"
      title="CoinGecko snapshots"
      startLabel="Take snapshots"
      launcher={launcher}
      formError={errors.form}
      onSubmit={start}
      before={
        <CredentialsNote
          status={credentials.data}
          error={credentials.error}
          names={['coingeckoApiKey']}
          testId="coingecko-credentials"
          optional
        />
      }
      after={
        <>
          {snapshots.error && <ErrorNote message={`Could not load the snapshots: ${snapshots.error}`} />}
          {snapshots.loaded && latest.length === 0 && (
            <p className="muted" data-testid="coingecko-empty">
              No snapshot taken yet. CoinGecko keeps no history of ranks or trending coins, so the lab can
              only record them from now on: take the first one above.
            </p>
          )}
          <div className="snapshot-tables">
            {latest.map((snapshot) => (
              <CoinGeckoSnapshotTable key={snapshot.id} snapshot={snapshot} />
            ))}
          </div>
        </>
      }
    >
      <CheckboxGroup
        legend="Take a snapshot of"
        options={CoinGeckoSnapshotKind.options}
        labels={KIND_LABELS}
        value={what}
        onChange={editing('what', setWhat)}
        testIdPrefix="coingecko-what"
        errorId="coingecko-what-error"
        error={errors.what}
      />
    </JobFormPanel>
  );
}
