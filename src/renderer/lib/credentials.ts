import type {
  CredentialStatus,
  CredentialsPatch,
  CredentialsStatus,
  SecretName,
} from '../../shared/contract/index.js';

/** What each secret is called on screen and where the user gets it. */
export const secretLabels: Record<SecretName, { label: string; short: string; help: string }> = {
  polygonS3AccessKey: {
    label: 'Polygon / Massive S3 access key',
    short: 'the S3 access key',
    help: 'The "Flat Files" access key id from your Massive (Polygon.io) dashboard.',
  },
  polygonS3SecretKey: {
    label: 'Polygon / Massive S3 secret key',
    short: 'the S3 secret key',
    help: 'The secret key that belongs to that access key.',
  },
  coingeckoApiKey: {
    label: 'CoinGecko API key',
    short: 'the CoinGecko API key',
    help: 'Optional: a free Demo key raises the rate limit; the public API works without one.',
  },
};

/** The secrets the flat-file fetch needs. */
export const polygonSecrets: readonly SecretName[] = ['polygonS3AccessKey', 'polygonS3SecretKey'];

/** "set from environment", "stored (encrypted)", "not set". */
export function describeSecretSource(item: Pick<CredentialStatus, 'source'>): string {
  if (item.source === 'env') return 'set from environment';
  if (item.source === 'stored') return 'stored (encrypted)';
  return 'not set';
}

export interface SecretGroupState {
  /** Every secret of the group is set. */
  configured: boolean;
  /** Where they come from: one source, `mixed`, or `none` when none is set. */
  source: CredentialStatus['source'] | 'mixed';
  /** The group's secrets that are not set. */
  missing: CredentialStatus[];
  /** One sentence for the panel: where the keys come from, or how to provide them. Never a value. */
  message: string;
}

/**
 * Whether a source's secrets (e.g. the Polygon access and secret key) are all set, and if not what
 * the user does about it: on the desktop, Settings; elsewhere the environment variables to set
 * before starting `tradelab serve` or the CLI.
 */
export function secretGroupState(status: CredentialsStatus, names: readonly SecretName[]): SecretGroupState {
  const items = names.map(
    (name) =>
      status.items.find((i) => i.name === name) ?? {
        name,
        configured: false,
        source: 'none' as const,
        envName: name,
      },
  );
  const missing = items.filter((i) => !i.configured);
  const sources = new Set(items.filter((i) => i.configured).map((i) => i.source));
  const source = sources.size === 0 ? 'none' : sources.size === 1 ? [...sources][0] : 'mixed';
  if (missing.length === 0) {
    const where =
      source === 'env'
        ? `from the environment (${items.map((i) => i.envName).join(', ')})`
        : source === 'stored'
          ? 'stored encrypted in the OS keychain'
          : 'partly from the environment, partly stored';
    return { configured: true, source, missing, message: `Credentials configured: ${where}.` };
  }
  const envNames = missing.map((i) => i.envName).join(' and ');
  const labels = missing.map((i) => secretLabels[i.name].short).join(' and ');
  const message = status.canStore
    ? `Missing ${labels}: enter ${missing.length === 1 ? 'it' : 'them'} in Settings → Data sources → Credentials, or set ${envNames}.`
    : `Missing ${labels}: set ${envNames} in the environment of "tradelab serve" (or the CLI) and restart it.`;
  return { configured: false, source, missing, message };
}

/** The secret inputs of the Credentials form as typed (write-only: they start empty). */
export type SecretDrafts = Partial<Record<SecretName, string>>;

/**
 * The `setCredentials` patch: each non-blank field is a new value (trimmed, as the store keeps it);
 * blank fields leave their secret as it is. `remove` lists secrets to delete (null).
 */
export function buildCredentialsPatch(
  drafts: SecretDrafts,
  remove: readonly SecretName[] = [],
): CredentialsPatch {
  const patch: CredentialsPatch = {};
  for (const [name, text] of Object.entries(drafts) as [SecretName, string | undefined][]) {
    const value = text?.trim();
    if (value) patch[name] = value;
  }
  for (const name of remove) patch[name] = null;
  return patch;
}
