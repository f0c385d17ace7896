import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh 256-bit secret, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** How tokens are stored: SHA-256, hex. Enough for 256-bit random values (no salt or stretching needed). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A recovery code like `k7mq-x2pt-9hrw-c4nd` (~78 bits): easy to copy, long enough to store as a plain hash. */
export function recoveryCode(): string {
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += RECOVERY_ALPHABET[bytes[i]! % RECOVERY_ALPHABET.length];
    if (i % 4 === 3 && i < 15) out += '-';
  }
  return out;
}

/** Recovery codes are compared without case, spaces or dashes. */
export function normaliseRecoveryCode(input: string): string {
  const bare = input.toLowerCase().replace(/[^a-z0-9]/g, '');
  return bare.replace(/(.{4})(?=.)/g, '$1-');
}
