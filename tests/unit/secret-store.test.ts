import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../src/core/store/open-database.js';
import { SecretStore, redactSecrets } from '../../src/core/secrets/secret-store.js';
import type { SecretCipher } from '../../src/core/secrets/secret-cipher.js';
import { tempDir } from '../helpers/paths.js';

/** A reversible stand-in for the OS keychain: XOR with a key, so the stored bytes are not the text. */
function xorCipher(available = true): SecretCipher & { calls: number } {
  const key = Buffer.from('keychain-key');
  const xor = (b: Buffer) => Buffer.from(b.map((byte, i) => byte ^ key[i % key.length]!));
  return {
    calls: 0,
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      this.calls++;
      return xor(Buffer.from(plain, 'utf8'));
    },
    decryptString: (encrypted) => xor(encrypted).toString('utf8'),
  };
}

const ACCESS = 'AKIA-test-access-0123';
const SECRET = 'shh-secret-value-4567';

describe('SecretStore', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(dir);
  });
  afterEach(() => db.close());

  it('reports nothing configured by default, with the variable to set for each secret', () => {
    const status = new SecretStore(db, {}).status();
    expect(status.canStore).toBe(false);
    expect(status.items.map((i) => [i.name, i.configured, i.source, i.envName])).toEqual([
      ['polygonS3AccessKey', false, 'none', 'POLYGON_S3_ACCESS_KEY'],
      ['polygonS3SecretKey', false, 'none', 'POLYGON_S3_SECRET_KEY'],
      ['coingeckoApiKey', false, 'none', 'COINGECKO_API_KEY'],
    ]);
  });

  it('reads secrets from the environment and never stores them', () => {
    const store = new SecretStore(db, {
      POLYGON_S3_ACCESS_KEY: ` ${ACCESS} `,
      POLYGON_S3_SECRET_KEY: SECRET,
    });
    expect(store.values()).toEqual({ polygonS3AccessKey: ACCESS, polygonS3SecretKey: SECRET });
    expect(store.status().items[0]).toMatchObject({ configured: true, source: 'env' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
  });

  it('stores secrets encrypted only: the clear text is nowhere in the database files', () => {
    const cipher = xorCipher();
    const store = new SecretStore(db, {}, cipher);
    store.set({ polygonS3AccessKey: ACCESS, polygonS3SecretKey: SECRET }, 1000);
    expect(cipher.calls).toBe(2);
    expect(store.get('polygonS3SecretKey')).toBe(SECRET);
    expect(store.status().items[1]).toMatchObject({ configured: true, source: 'stored' });
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const file of fs.readdirSync(dir).filter((f) => f.includes('.db'))) {
      const bytes = fs.readFileSync(path.join(dir, file));
      expect(bytes.includes(Buffer.from(ACCESS)), file).toBe(false);
      expect(bytes.includes(Buffer.from(SECRET)), file).toBe(false);
    }
  });

  it('lets the environment win over a stored value, and null removes a stored one', () => {
    const store = new SecretStore(db, { COINGECKO_API_KEY: 'from-env' }, xorCipher());
    store.set({ coingeckoApiKey: 'stored-key' }, 1);
    expect(store.get('coingeckoApiKey')).toBe('from-env');
    const withoutEnv = new SecretStore(db, {}, xorCipher());
    expect(withoutEnv.get('coingeckoApiKey')).toBe('stored-key');
    withoutEnv.set({ coingeckoApiKey: null }, 2);
    expect(withoutEnv.get('coingeckoApiKey')).toBeUndefined();
  });

  it('refuses to store where nothing can encrypt, naming the variables to set instead', () => {
    expect(() => new SecretStore(db, {}).set({ polygonS3AccessKey: ACCESS }, 1)).toThrow(
      /POLYGON_S3_ACCESS_KEY/,
    );
    expect(() => new SecretStore(db, {}, xorCipher(false)).set({ coingeckoApiKey: 'k' }, 1)).toThrow(
      /no OS keychain.*COINGECKO_API_KEY/,
    );
  });

  it('cannot read a stored value once the keychain no longer decrypts it', () => {
    new SecretStore(db, {}, xorCipher()).set({ polygonS3AccessKey: ACCESS }, 1);
    const broken: SecretCipher = {
      isEncryptionAvailable: () => true,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    };
    expect(new SecretStore(db, {}, broken).get('polygonS3AccessKey')).toBeUndefined();
  });
});

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret value', () => {
    const text = `SignatureDoesNotMatch for ${ACCESS}; again ${ACCESS} and ${SECRET}`;
    expect(redactSecrets(text, { polygonS3AccessKey: ACCESS, polygonS3SecretKey: SECRET })).toBe(
      'SignatureDoesNotMatch for ***; again *** and ***',
    );
  });

  it('leaves text alone without secrets, and ignores values too short to redact safely', () => {
    expect(redactSecrets('plain message', {})).toBe('plain message');
    expect(redactSecrets('a b c', { coingeckoApiKey: 'a' })).toBe('a b c');
  });
});
