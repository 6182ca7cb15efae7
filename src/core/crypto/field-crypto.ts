import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Encryption of personal identifiers at rest (AES-256-GCM, a fresh 96-bit IV per value)
 * and a keyed hash (HMAC-SHA-256) that allows exact lookup without decrypting anything.
 * Stored form: `a1.<iv>.<tag>.<ciphertext>`, base64url, so the algorithm can change later.
 */
export interface FieldCrypto {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** Deterministic keyed hash for exact-match indexes; `kind` keeps ID numbers and phones apart. */
  lookupHash(kind: string, plain: string): string;
}

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

export function createFieldCrypto(fieldKey: Buffer, indexKey: Buffer): FieldCrypto {
  if (fieldKey.length !== 32 || indexKey.length !== 32) throw new Error('field and index keys must be 32 bytes');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', fieldKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['a1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    decrypt(stored) {
      const [version, iv, tag, ciphertext] = stored.split('.');
      if (version !== 'a1' || !iv || !tag || ciphertext === undefined) throw new DecryptionError('unknown ciphertext format');
      try {
        const decipher = createDecipheriv('aes-256-gcm', fieldKey, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new DecryptionError('ciphertext failed authentication (wrong key or altered data)');
      }
    },
    lookupHash(kind, plain) {
      return createHmac('sha256', indexKey).update(`${kind}\u0000${plain}`).digest('base64url');
    },
  };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Constant-time comparison of two strings of secret material. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
