import { ErrorNote } from '../components/ErrorNote.js';
import { useCoverage } from '../hooks/use-coverage.js';
import { CoverageHeatmap } from './data/CoverageHeatmap.js';
import { CoverageTable } from './data/CoverageTable.js';
import { ImportPanel } from './data/ImportPanel.js';
import { RecentJobs } from './data/RecentJobs.js';

/** What market data is stored, how complete it is, and the way to add more. */
export function DataPage() {
  const { rows, loaded, error, version } = useCoverage();
  return (
    <section className="page" data-testid="page-data">
      <h1 className="page__title">Data</h1>
      <ImportPanel />
      <section className="panel" aria-labelledby="coverage-title">
        <h2 className="panel__title" id="coverage-title">
          Coverage
        </h2>
        {error && <ErrorNote message={`Could not load coverage: ${error}`} />}
        {loaded ? <CoverageTable rows={rows} /> : !error && <p className="muted">Loading…</p>}
      </section>
      <section className="panel" aria-labelledby="heatmap-title">
        <h2 className="panel__title" id="heatmap-title">
          Completeness by UTC day
        </h2>
        <CoverageHeatmap version={version} />
      </section>
      <RecentJobs />
    </section>
  );
}
