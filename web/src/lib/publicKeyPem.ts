/**
 * A first look at a partner's public key before it is sent: the server reads it for real, but
 * a pasted private key, a certificate or an OpenSSH key is worth catching here, with words that
 * say what to paste instead.
 */
export type PublicKeyProblem = 'private_key' | 'not_pem' | 'not_base64' | 'not_ed25519';

/** Every Ed25519 SubjectPublicKeyInfo (RFC 8410) starts with these 12 bytes, then the 32-byte key. */
const ED25519_SPKI_PREFIX = '302a300506032b6570032100';
const PEM = /^-----BEGIN PUBLIC KEY-----\s+([A-Za-z0-9+/=\s]+?)\s*-----END PUBLIC KEY-----$/;

export function checkPublicKeyPem(input: string): PublicKeyProblem | null {
  const text = input.trim();
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return 'private_key';
  const body = PEM.exec(text)?.[1];
  if (!body) return 'not_pem';
  let der: string;
  try {
    der = atob(body.replace(/\s/g, ''));
  } catch {
    return 'not_base64';
  }
  const hex = Array.from(der, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  return der.length === 44 && hex.startsWith(ED25519_SPKI_PREFIX) ? null : 'not_ed25519';
}
