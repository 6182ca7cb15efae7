import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Encryption of personal identifiers at rest and a keyed hash (HMAC-SHA-256) that allows
 * exact lookup without decrypting anything. Two ciphers, chosen for new values; both are
 * always readable, so a deployment can switch:
 * - `a1.<iv>.<tag>.<ciphertext>`: AES-256-GCM, a fresh 96-bit IV per value;
 * - `s1.<iv>.<mac>.<ciphertext>`: SM4-CBC with a fresh 128-bit IV, authenticated by
 *   HMAC-SM3 over version, IV and ciphertext (GM/T 0002 and 0004; Node's OpenSSL has no
 *   SM4-GCM). The 32-byte field key splits into the SM4 key and the MAC key.
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

export function createFieldCrypto(fieldKey: Buffer, indexKey: Buffer, cipher: 'aes-256-gcm' | 'sm4' = 'aes-256-gcm'): FieldCrypto {
  if (fieldKey.length !== 32 || indexKey.length !== 32) throw new Error('field and index keys must be 32 bytes');
  const sm4Key = fieldKey.subarray(0, 16);
  const sm3MacKey = fieldKey.subarray(16);
  const sm3Mac = (iv: string, ciphertext: string) => createHmac('sm3', sm3MacKey).update(`s1.${iv}.${ciphertext}`).digest();

  function encryptAes(plain: string) {
    const iv = randomBytes(12);
    const aes = createCipheriv('aes-256-gcm', fieldKey, iv);
    const ciphertext = Buffer.concat([aes.update(plain, 'utf8'), aes.final()]);
    return ['a1', iv.toString('base64url'), aes.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  function encryptSm4(plain: string) {
    const iv = randomBytes(16);
    const sm4 = createCipheriv('sm4-cbc', sm4Key, iv);
    const ciphertext = Buffer.concat([sm4.update(plain, 'utf8'), sm4.final()]).toString('base64url');
    const ivText = iv.toString('base64url');
    return ['s1', ivText, sm3Mac(ivText, ciphertext).toString('base64url'), ciphertext].join('.');
  }

  function decryptSm4(iv: string, mac: string, ciphertext: string) {
    if (!safeEqual(sm3Mac(iv, ciphertext).toString('base64url'), mac)) {
      throw new DecryptionError('ciphertext failed authentication (wrong key or altered data)');
    }
    const sm4 = createDecipheriv('sm4-cbc', sm4Key, Buffer.from(iv, 'base64url'));
    return Buffer.concat([sm4.update(Buffer.from(ciphertext, 'base64url')), sm4.final()]).toString('utf8');
  }

  return {
    encrypt: cipher === 'sm4' ? encryptSm4 : encryptAes,
    decrypt(stored) {
      const [version, iv, tag, ciphertext] = stored.split('.');
      if ((version !== 'a1' && version !== 's1') || !iv || !tag || ciphertext === undefined) throw new DecryptionError('unknown ciphertext format');
      if (version === 's1') return decryptSm4(iv, tag, ciphertext);
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
