import { useState } from 'react';
import type { JobKind } from '../../../shared/contract/index.js';
import { ErrorNote } from '../../components/ErrorNote.js';
import { JobProgressLine } from '../../components/JobProgressLine.js';
import { isActiveJob } from '../../hooks/use-jobs.js';
import { useUniverse } from '../../hooks/use-universe.js';
import { errorText } from '../../lib/error-text.js';
import { formatUtc } from '../../lib/format.js';
import { describeUniverseRule } from '../../lib/universe-format.js';
import { useLab } from '../../transport/lab-context.js';
import { UniverseTable } from './UniverseTable.js';
import { useFollowedJob } from './use-followed-job.js';

const UNIVERSE_KINDS: readonly JobKind[] = ['refresh-universe'];

/**
 * The coins the lab can pick from: the latest point-in-time snapshot of the most traded USD-M perpetuals
 * and the rule that picked them. Refresh takes a new snapshot (older ones stay, so backtests see
 * the universe as it was).
 */
export function UniversePanel() {
  const { api } = useLab();
  const { snapshot, loaded, error } = useUniverse();
  const [callError, setCallError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const { job, follow } = useFollowedJob(UNIVERSE_KINDS, 'latest');
  const running = job != null && isActiveJob(job);

  const refresh = () => {
    setStarting(true);
    setCallError(null);
    api
      .startUniverseRefresh({})
      .then(
        ({ jobId }) => follow(jobId),
        (err: unknown) => setCallError(`Could not start the universe refresh: ${errorText(err)}`),
      )
      .finally(() => setStarting(false));
  };

  return (
    <section className="panel" aria-labelledby="universe-title">
      <div className="panel__head">
        <h2 className="panel__title" id="universe-title">
          Universe
        </h2>
        <button
          type="button"
          className="button button--small"
          onClick={refresh}
          disabled={starting || running}
          data-testid="universe-refresh"
        >
          {running ? 'Refreshing…' : starting ? 'Starting…' : 'Refresh'}
        </button>
      </div>
      {job && running && (
        <div className="panel__job" data-testid="universe-job" data-job-id={job.id}>
          <JobProgressLine job={job} showMessage />
        </div>
      )}
      {job?.status === 'failed' && (
        <ErrorNote
          message={`The last universe refresh (job #${job.id}) failed: ${job.error ?? 'no reason given'}`}
          testId="universe-job-error"
        />
      )}
      {callError && <ErrorNote message={callError} testId="universe-call-error" />}
      {error && <ErrorNote message={`Could not load the universe: ${error}`} />}
      {!loaded && !error && <p className="muted">Loading…</p>}
      {loaded && !snapshot && (
        <p className="muted" data-testid="universe-empty">
          No universe snapshot yet. A snapshot records which USD-M perpetuals were the most traded by 24h
          quote volume when it was taken. Every snapshot is kept, so the universe can be looked up as of any
          past time instead of picking coins with hindsight. Press Refresh to take the first one.
        </p>
      )}
      {snapshot && (
        <>
          <p className="universe-meta" data-testid="universe-meta" data-snapshot-id={snapshot.id}>
            <span>
              Taken <span className="num strong">{formatUtc(snapshot.takenAt)}</span> UTC
            </span>
            <span className="muted">{describeUniverseRule(snapshot)}.</span>
          </p>
          <UniverseTable members={snapshot.members} />
        </>
      )}
    </section>
  );
}
