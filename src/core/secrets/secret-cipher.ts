/**
 * Encrypts secrets at rest. The desktop app passes Electron's `safeStorage` (the OS keychain:
 * DPAPI, Keychain, libsecret), which has exactly this shape; the server and CLI have none and read
 * secrets from the environment instead.
 */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}
