import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed exchange messages. A partner signs, with its Ed25519 key, one canonical string that
 * binds the exact body (by its SHA-256) to who sends it, under which id, for which dataset and
 * purpose, and when:
 *
 *   minsheng-exchange/v1\n<partner code>\n<batch id>\n<dataset@version>\n<purpose>\n<timestamp>\n<sha256 of the body, hex>
 *
 * The timestamp is the X-Exchange-Timestamp header exactly as sent (ISO 8601 UTC). For a query
 * the batch id is the query id and the dataset line is `query:<kind>`.
 */
export const SIGNATURE_SCHEME = 'minsheng-exchange/v1';

/** How far a signed timestamp may lie from the server's clock (either way). */
export const SIGNATURE_WINDOW_MS = 15 * 60 * 1000;

export const exchangeHeaders = {
  batchId: 'x-exchange-batch-id',
  dataset: 'x-exchange-dataset',
  purpose: 'x-exchange-purpose',
  timestamp: 'x-exchange-timestamp',
  signature: 'x-exchange-signature',
} as const;

export interface SignedFields {
  partnerCode: string;
  batchId: string;
  /** `public_security.death@1`, or `query:person_enrolled`. */
  subject: string;
  purpose: string;
  timestamp: string;
  bodySha256: string;
}

export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

export function canonicalString(f: SignedFields): string {
  return [SIGNATURE_SCHEME, f.partnerCode, f.batchId, f.subject, f.purpose, f.timestamp, f.bodySha256].join('\n');
}

export function signFields(privateKey: KeyObject | string, fields: SignedFields): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return sign(null, Buffer.from(canonicalString(fields)), key).toString('base64');
}

export function verifyFields(publicKey: KeyObject | string, fields: SignedFields, signature: string): boolean {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const bytes = Buffer.from(signature, 'base64');
  // Ed25519 signatures are 64 bytes; anything else is not worth handing to OpenSSL.
  if (bytes.length !== 64) return false;
  try {
    return verify(null, Buffer.from(canonicalString(fields)), key, bytes);
  } catch {
    return false;
  }
}

/** Reads an Ed25519 public key in PEM; undefined when it is anything else. */
export function readPublicKey(pem: string): { key: KeyObject; pem: string; keyId: string } | undefined {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') return undefined;
    const der = key.export({ type: 'spki', format: 'der' });
    return { key, pem: key.export({ type: 'spki', format: 'pem' }).toString(), keyId: sha256Hex(der).slice(0, 16) };
  } catch {
    return undefined;
  }
}

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 key pair from a 32-byte seed (for demo partners, whose keys must be reproducible). */
export function keyPairFromSeed(seed: Buffer): { privateKey: KeyObject; publicKeyPem: string; privateKeyPem: string } {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return {
    privateKey,
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The headers a partner sends with a batch: what `minsheng exchange:sign` prints. */
export function batchHeaders(input: { privateKey: KeyObject | string; partnerCode: string; batchId: string; dataset: string; purpose: string; body: Buffer | string; timestamp?: string }) {
  const timestamp = input.timestamp ?? new Date().toISOString();
  const fields: SignedFields = {
    partnerCode: input.partnerCode,
    batchId: input.batchId,
    subject: input.dataset,
    purpose: input.purpose,
    timestamp,
    bodySha256: sha256Hex(input.body),
  };
  return {
    [exchangeHeaders.batchId]: input.batchId,
    [exchangeHeaders.dataset]: input.dataset,
    [exchangeHeaders.purpose]: input.purpose,
    [exchangeHeaders.timestamp]: timestamp,
    [exchangeHeaders.signature]: signFields(input.privateKey, fields),
  };
}
