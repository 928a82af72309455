import type { Database } from 'better-sqlite3';
import {
  LabError,
  SecretName,
  type CredentialsPatch,
  type CredentialsStatus,
} from '../../shared/contract/index.js';
import { cachedStatement } from '../store/statement-cache.js';
import type { SecretCipher } from './secret-cipher.js';

type Env = Record<string, string | undefined>;
export type SecretValues = Partial<Record<SecretName, string>>;

/** The environment variable that sets each secret in the server and the CLI. */
export const secretEnvNames: Record<SecretName, string> = {
  polygonS3AccessKey: 'POLYGON_S3_ACCESS_KEY',
  polygonS3SecretKey: 'POLYGON_S3_SECRET_KEY',
  coingeckoApiKey: 'COINGECKO_API_KEY',
};

/**
 * Credentials for the data sources. The environment wins (so a server can be configured per
 * launch); otherwise values stored by the desktop app, encrypted by the OS keychain. Clear text
 * exists only in memory: it goes to a job host inside the start message and nowhere else.
 */
export class SecretStore {
  constructor(
    private readonly db: Database,
    private readonly env: Env,
    private readonly cipher?: SecretCipher,
  ) {}

  /** Whether secrets can be stored here (a desktop with a working keychain). */
  canStore(): boolean {
    return this.cipher?.isEncryptionAvailable() ?? false;
  }

  status(): CredentialsStatus {
    const stored = this.storedNames();
    return {
      canStore: this.canStore(),
      items: SecretName.options.map((name) => {
        const source = this.fromEnv(name) !== undefined ? 'env' : stored.has(name) ? 'stored' : 'none';
        return { name, configured: source !== 'none', source, envName: secretEnvNames[name] };
      }),
    };
  }

  /** Clear-text values of every secret that is set, for a job host's start message. */
  values(): SecretValues {
    const out: SecretValues = {};
    for (const name of SecretName.options) {
      const value = this.get(name);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  get(name: SecretName): string | undefined {
    const fromEnv = this.fromEnv(name);
    if (fromEnv !== undefined) return fromEnv;
    const row = cachedStatement(this.db, 'SELECT ciphertext FROM secrets WHERE name = ?').get(name) as
      { ciphertext: Buffer } | undefined;
    if (!row || !this.canStore()) return undefined;
    try {
      return this.cipher!.decryptString(row.ciphertext);
    } catch {
      // A keychain that changed (another OS user, a reinstalled OS) cannot read old values.
      return undefined;
    }
  }

  /** Stores (or with null removes) secrets, encrypted. Fails where nothing can encrypt them. */
  set(patch: CredentialsPatch, now: number): CredentialsStatus {
    const entries = Object.entries(patch) as [SecretName, string | null | undefined][];
    if (entries.some(([, v]) => typeof v === 'string') && !this.canStore()) {
      const names = entries.map(([name]) => secretEnvNames[name]).join(', ');
      throw new LabError(
        'invalid-input',
        `Secrets cannot be stored here: this shell has no OS keychain to encrypt them. Set ${names} in the environment of \`tradelab serve\` or the CLI instead.`,
      );
    }
    const upsert = cachedStatement(
      this.db,
      'INSERT INTO secrets (name, ciphertext, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at',
    );
    const remove = cachedStatement(this.db, 'DELETE FROM secrets WHERE name = ?');
    this.db.transaction(() => {
      for (const [name, value] of entries) {
        if (value === undefined) continue;
        if (value === null) remove.run(name);
        else upsert.run(name, this.cipher!.encryptString(value.trim()), now);
      }
    })();
    return this.status();
  }

  private fromEnv(name: SecretName): string | undefined {
    const value = this.env[secretEnvNames[name]]?.trim();
    return value ? value : undefined;
  }

  private storedNames(): Set<string> {
    const rows = cachedStatement(this.db, 'SELECT name FROM secrets').all() as { name: string }[];
    return new Set(rows.map((r) => r.name));
  }
}

/**
 * Replaces every secret value inside a text with "***", for error messages and logs that might
 * quote a request (some S3 errors echo the access key id).
 */
export function redactSecrets(text: string, secrets: SecretValues): string {
  let out = text;
  for (const value of Object.values(secrets)) {
    if (value && value.length >= 4) out = out.split(value).join('***');
  }
  return out;
}
