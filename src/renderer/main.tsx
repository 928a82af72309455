import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { CoverageProvider } from './hooks/use-coverage.js';
import { InfoProvider } from './hooks/use-info.js';
import { JobsProvider } from './hooks/use-jobs.js';
import { connectLab } from './transport/index.js';
import { LabProvider } from './transport/lab-context.js';
import './styles.css';

// One client for the page's lifetime, created outside React so StrictMode's double effects do not
// open two sockets.
const client = connectLab();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <LabProvider client={client}>
      <InfoProvider>
        <JobsProvider>
          <CoverageProvider>
            <App />
          </CoverageProvider>
        </JobsProvider>
      </InfoProvider>
    </LabProvider>
  </StrictMode>,
);
