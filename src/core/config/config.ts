import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One configuration, read from the environment once, validated, typed and frozen.
 * In production every secret must be given; outside production missing secrets are
 * generated once into the data directory and clearly marked as demo secrets.
 */
export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** postgres://… when running on a PostgreSQL server; undefined means embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Public origin used for WebAuthn and cookie security, e.g. https://minsheng.example.gov.cn */
  readonly origin: string;
  readonly rpId: string;
  readonly rpName: string;
  readonly secureCookies: boolean;
  readonly demoData: boolean;
  readonly logLevel: string;
  readonly bodyLimitBytes: number;
  readonly secrets: Secrets;
  /** Seconds between audit checkpoints while entries are waiting to be sealed. */
  readonly auditSealIntervalSeconds: number;
  /** Requests per minute and client address to endpoints that check secrets (login, codes). */
  readonly loginRateLimitPerMinute: number;
  /** Requests per minute and client address to the whole API (login endpoints have their own, lower limit). */
  readonly rateLimitPerMinute: number;
  /** Trust X-Forwarded-* headers (behind a reverse proxy), so rate limits see the real client. */
  readonly trustProxy: boolean;
  /** Cipher for new personal identifiers at rest; both are always readable. */
  readonly fieldCipher: FieldCipher;
  /**
   * How a citizen's data tracker names the staff who looked at their data: the full name,
   * the family name only (张**), or the role and department only.
   */
  readonly trackerStaffNames: TrackerStaffNames;
}

export const fieldCiphers = ['aes-256-gcm', 'sm4'] as const;
export type FieldCipher = (typeof fieldCiphers)[number];
export const trackerStaffNamePolicies = ['full', 'masked', 'role'] as const;
export type TrackerStaffNames = (typeof trackerStaffNamePolicies)[number];

function oneOf<T extends string>(name: string, allowed: readonly T[], value: string | undefined, fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export interface Secrets {
  /** 32 bytes: AES-256-GCM key for personal identifiers at rest. */
  readonly fieldKey: Buffer;
  /** 32 bytes: HMAC key for the exact-lookup index of encrypted identifiers. */
  readonly indexKey: Buffer;
  /** Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints. */
  readonly auditSigningKeyPem: string;
  /** True when the secrets were generated for a demo data directory. */
  readonly generated: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function parsePort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${value}"`);
  }
  return port;
}

function parseKey(name: string, value: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
  return key;
}

function generateEd25519Pem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

const DEMO_SECRETS_FILE = 'demo-secrets.json';

interface StoredDemoSecrets {
  warning: string;
  fieldKey: string;
  indexKey: string;
  auditSigningKeyPem: string;
}

function loadSecrets(env: Env, mode: Config['env'], dataDir: string): Secrets {
  const given = {
    fieldKey: env.MINSHENG_FIELD_KEY,
    indexKey: env.MINSHENG_INDEX_KEY,
    auditSigningKeyPem: env.MINSHENG_AUDIT_SIGNING_KEY,
  };
  if (given.fieldKey && given.indexKey && given.auditSigningKeyPem) {
    return Object.freeze({
      fieldKey: parseKey('MINSHENG_FIELD_KEY', given.fieldKey),
      indexKey: parseKey('MINSHENG_INDEX_KEY', given.indexKey),
      auditSigningKeyPem: given.auditSigningKeyPem.replace(/\\n/g, '\n'),
      generated: false,
    });
  }
  if (mode === 'production') {
    const missing = Object.entries({
      MINSHENG_FIELD_KEY: given.fieldKey,
      MINSHENG_INDEX_KEY: given.indexKey,
      MINSHENG_AUDIT_SIGNING_KEY: given.auditSigningKeyPem,
    })
      .filter(([, v]) => !v)
      .map(([k]) => k);
    throw new ConfigError(`production mode needs these secrets set: ${missing.join(', ')}`);
  }
  // Demo / development: generate once per data directory so restarts keep decrypting.
  const file = path.join(dataDir, DEMO_SECRETS_FILE);
  let stored: StoredDemoSecrets;
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredDemoSecrets;
  } else {
    stored = {
      warning: 'DEMO ONLY: generated secrets for a development data directory. Never use in production.',
      fieldKey: randomBytes(32).toString('base64'),
      indexKey: randomBytes(32).toString('base64'),
      auditSigningKeyPem: generateEd25519Pem(),
    };
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return Object.freeze({
    fieldKey: parseKey('fieldKey', given.fieldKey ?? stored.fieldKey),
    indexKey: parseKey('indexKey', given.indexKey ?? stored.indexKey),
    auditSigningKeyPem: given.auditSigningKeyPem ?? stored.auditSigningKeyPem,
    generated: true,
  });
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const rawMode = env.NODE_ENV ?? 'development';
  if (rawMode !== 'development' && rawMode !== 'test' && rawMode !== 'production') {
    throw new ConfigError(`NODE_ENV must be development, test or production, got "${rawMode}"`);
  }
  const mode = rawMode;
  const port = parsePort(env.PORT, 3000);
  const dataDir = path.resolve(env.MINSHENG_DATA_DIR ?? 'data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const origin = (env.MINSHENG_ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, '');
  let rpId: string;
  try {
    rpId = env.MINSHENG_RP_ID ?? new URL(origin).hostname;
  } catch {
    throw new ConfigError(`MINSHENG_ORIGIN is not a URL: "${origin}"`);
  }
  const demoData = mode !== 'production' && env.MINSHENG_DEMO_DATA !== 'false';
  if (mode === 'production' && env.MINSHENG_DEMO_DATA === 'true') {
    throw new ConfigError('demo data (MINSHENG_DEMO_DATA=true) is refused in production mode');
  }
  const bodyLimit = Number(env.MINSHENG_BODY_LIMIT_BYTES ?? 1_048_576);
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1024) throw new ConfigError('MINSHENG_BODY_LIMIT_BYTES must be an integer ≥ 1024');
  const sealInterval = Number(env.MINSHENG_AUDIT_SEAL_SECONDS ?? 10);
  if (!(sealInterval > 0)) throw new ConfigError('MINSHENG_AUDIT_SEAL_SECONDS must be a positive number');

  const loginRate = Number(env.MINSHENG_LOGIN_RATE_LIMIT ?? 20);
  const globalRate = Number(env.MINSHENG_RATE_LIMIT ?? 1200);
  if (!Number.isInteger(globalRate) || globalRate < 1) throw new ConfigError('MINSHENG_RATE_LIMIT must be a positive integer');
  if (!Number.isInteger(loginRate) || loginRate < 1) throw new ConfigError('MINSHENG_LOGIN_RATE_LIMIT must be a positive integer');

  const config: Config = {
    env: mode,
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl,
    origin,
    rpId,
    rpName: env.MINSHENG_RP_NAME ?? '民生 minsheng',
    secureCookies: origin.startsWith('https://'),
    demoData,
    // Request logs are for operators in production; a developer's console shows warnings only.
    logLevel: env.LOG_LEVEL ?? (mode === 'production' ? 'info' : mode === 'test' ? 'silent' : 'warn'),
    bodyLimitBytes: bodyLimit,
    auditSealIntervalSeconds: sealInterval,
    loginRateLimitPerMinute: loginRate,
    rateLimitPerMinute: globalRate,
    trustProxy: env.MINSHENG_TRUST_PROXY === 'true',
    fieldCipher: oneOf('MINSHENG_FIELD_CIPHER', fieldCiphers, env.MINSHENG_FIELD_CIPHER, 'aes-256-gcm'),
    trackerStaffNames: oneOf('MINSHENG_TRACKER_STAFF_NAMES', trackerStaffNamePolicies, env.MINSHENG_TRACKER_STAFF_NAMES, 'masked'),
    secrets: overrides.secrets ?? loadSecrets(env, mode, dataDir),
    ...overrides,
  };
  return Object.freeze(config);
}
