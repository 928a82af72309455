import type { LabApi, LabEvent, LabInfo } from '../shared/contract/index.js';
import type { SecretCipher } from './secrets/secret-cipher.js';
import type { JobRunner } from './jobs/job-runner.js';
import type { Logger } from './platform/logger.js';

/** Platform pieces each shell injects into the core. */
export interface LabDeps {
  /** Folder holding the database and raw files; see `resolveDataDir`. */
  dataDir: string;
  shell: LabInfo['shell'];
  /** Starts job host processes (utilityProcess in Electron, child_process elsewhere). */
  jobRunner: JobRunner;
  logger?: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Path of a better-sqlite3 binary built for the running ABI (Electron); default: the package's own. */
  sqliteNativeBinding?: string;
  canPickFolders?: boolean;
  /** Encrypts stored secrets (Electron safeStorage in the app); without it secrets come only from env. */
  secretCipher?: SecretCipher;
  /** Environment read for settings and secret overrides (TRADELAB_*, POLYGON_S3_*); default process.env. */
  env?: Record<string, string | undefined>;
  version?: string;
}

/** The core as the shells hold it: the LabApi plus its event stream and lifecycle. */
export interface Lab extends LabApi {
  /** Subscribes to the event stream; returns the unsubscribe function. */
  onEvent(listener: (event: LabEvent) => void): () => void;
  /** Resumes jobs that a shutdown or crash interrupted. Call once after opening. */
  start(): Promise<void>;
  /** Interrupts running jobs (they resume at next start), stops job hosts, closes the database. */
  close(): Promise<void>;
}
