import { useInfo } from '../hooks/use-info.js';
import { useConnection } from '../transport/lab-context.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { DataSourceSettings } from './data/DataSourceSettings.js';
import { ComputeBackendSettings } from './settings/ComputeBackendSettings.js';
import { CredentialsSettings } from './settings/CredentialsSettings.js';

const SHELL_NAMES = {
  desktop: 'Desktop app',
  server: 'Headless server',
  cli: 'Command line',
  test: 'Test harness',
};

/**
 * What is known about the running lab, and the settings that can be changed: where market data is
 * downloaded from, how many files at once, the default stock list, the data sources'
 * credentials, and the compute backend training runs on.
 */
export function SettingsPage() {
  const { info, error } = useInfo();
  const { transport } = useConnection();
  return (
    <section className="page" data-testid="page-settings">
      <h1 className="page__title">Settings</h1>
      {error && <ErrorNote message={error} />}
      <dl className="facts" data-testid="settings-info">
        <dt>Version</dt>
        <dd data-field="version">{info?.version ?? '…'}</dd>
        <dt>Data directory</dt>
        <dd data-field="dataDir" className="mono">
          {info?.dataDir ?? '…'}
        </dd>
        <dt>Shell</dt>
        <dd data-field="shell">{info ? SHELL_NAMES[info.shell] : '…'}</dd>
        <dt>Transport</dt>
        <dd data-field="transport">{transport === 'ipc' ? 'IPC (Electron preload)' : 'WebSocket'}</dd>
        <dt>Native folder picker</dt>
        <dd data-field="canPickFolders">
          {info ? (info.canPickFolders ? 'available' : 'not available') : '…'}
        </dd>
      </dl>
      <section className="panel settings-panel" aria-labelledby="settings-sources-title">
        <h2 className="panel__title" id="settings-sources-title">
          Data sources
        </h2>
        <DataSourceSettings />
        <h3 className="settings-subtitle" id="settings-credentials-title">
          Credentials
        </h3>
        <CredentialsSettings />
      </section>
      <section className="panel settings-panel" aria-labelledby="settings-training-title">
        <h2 className="panel__title" id="settings-training-title">
          Training
        </h2>
        <ComputeBackendSettings />
      </section>
    </section>
  );
}
