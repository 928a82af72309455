import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh per-launch access token: 24 random bytes, URL-safe so it can travel in `?token=`. */
export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Constant-time token comparison. Both sides are hashed first so that the comparison neither
 * throws on different lengths nor leaks the expected token's length through timing.
 */
export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || presented.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}
