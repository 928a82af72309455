import type { ReactElement } from 'react';
import { Sidebar } from './components/Sidebar.js';
import { StatusBar } from './components/StatusBar.js';
import { useCoverage } from './hooks/use-coverage.js';
import { useHashRoute } from './hooks/use-hash-route.js';
import { useInfo } from './hooks/use-info.js';
import { BacktestsPage } from './pages/BacktestsPage.js';
import { DataPage } from './pages/DataPage.js';
import { ModelsPage } from './pages/ModelsPage.js';
import { PaperPage } from './pages/PaperPage.js';
import { PAGE_IDS, type PageId } from './pages/routes.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { TrainingPage } from './pages/TrainingPage.js';

const PAGE_VIEWS: Record<PageId, () => ReactElement> = {
  data: DataPage,
  training: TrainingPage,
  models: ModelsPage,
  backtests: BacktestsPage,
  paper: PaperPage,
  settings: SettingsPage,
};

/** Sidebar, the current page, the status bar. */
export function App() {
  const [page, navigate] = useHashRoute(PAGE_IDS, 'data');
  const { info } = useInfo();
  const coverage = useCoverage();
  // The e2e suite waits for this: the first getInfo and getCoverage have answered.
  const ready = info != null && coverage.loaded;
  const Page = PAGE_VIEWS[page];

  return (
    <div className="app" data-testid="app" data-ready={ready ? 'true' : 'false'} data-page={page}>
      <Sidebar page={page} onNavigate={navigate} />
      <main className="app__main">
        <Page />
      </main>
      <StatusBar />
    </div>
  );
}
