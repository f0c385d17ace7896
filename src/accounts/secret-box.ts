import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BroadsheetError } from '../domain/errors.ts';

/**
 * Server-side key for what must not sit in the database in the clear: TOTP secrets (encrypted,
 * AES-256-GCM) and throttle keys (HMAC, so a leaked table cannot be turned back into addresses by
 * trying all 2^32 of them).
 */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Keyed hash, hex: stable for a given key, useless without it. */
  keyedHash(purpose: string, value: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new BroadsheetError('CONFIG', 'The accounts key must be 32 bytes');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
    },
    decrypt(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || body === undefined || !tag)
        throw new BroadsheetError('INTERNAL', 'Unreadable sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    keyedHash(purpose, value) {
      return createHmac('sha256', key).update(`${purpose}\0${value}`).digest('hex');
    },
  };
}

/**
 * The key comes from BROADSHEET_SECRET_KEY (64 hex characters) or from DATA_DIR/secrets/accounts.key,
 * created on first use with owner-only permissions. Losing it disables TOTP codes (recovery codes
 * still work) and resets sign-in throttles; nothing else.
 */
export function loadSecretBox(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretBox {
  const fromEnv = env.BROADSHEET_SECRET_KEY;
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv))
      throw new BroadsheetError('CONFIG', 'BROADSHEET_SECRET_KEY must be 64 hex characters');
    return createSecretBox(Buffer.from(fromEnv, 'hex'));
  }
  const dir = join(dataDir, 'secrets');
  const file = join(dir, 'accounts.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  try {
    chmodSync(file, 0o600);
  } catch {
    // Best effort on filesystems without modes.
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new BroadsheetError('CONFIG', `${file} must hold 64 hex characters`);
  return createSecretBox(Buffer.from(hex, 'hex'));
}
