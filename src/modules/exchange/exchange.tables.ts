import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const exchangeSchema = pgSchema('exchange');

/** The departments that exchange data with the bureau (横向对接). */
export const departmentKinds = ['public_security', 'civil_affairs', 'health', 'tax', 'bank', 'education'] as const;
export type DepartmentKind = (typeof departmentKinds)[number];

export const partnerStatuses = ['active', 'suspended'] as const;
export type PartnerStatus = (typeof partnerStatuses)[number];

/**
 * Partner systems of other departments. Each has its own API credential (only its SHA-256 is
 * kept: it is a random 256-bit token, so a plain hash suffices), an Ed25519 public key that
 * verifies its signed messages, and what it may do: datasets it may send (with their versions),
 * query kinds it may ask or be asked, and the purposes it may state.
 */
export const partners = exchangeSchema.table(
  'partners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable short name, e.g. `yc-gongan`; written as the source of the facts it reports. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    department: text('department', { enum: departmentKinds }).notNull(),
    /** The region the partner department serves (GB/T 2260 statistics form, e.g. 6401). */
    jurisdiction: text('jurisdiction').notNull(),
    /** Ed25519 public key, SPKI PEM. */
    publicKey: text('public_key').notNull(),
    /** First 16 hex digits of the SHA-256 of the key's SPKI DER form. */
    keyId: text('key_id').notNull(),
    keyActivatedAt: timestamp('key_activated_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** The key before the last rotation, still accepted until `previousKeyExpiresAt`. */
    previousPublicKey: text('previous_public_key'),
    previousKeyId: text('previous_key_id'),
    previousKeyExpiresAt: timestamp('previous_key_expires_at', { withTimezone: true }),
    credentialHash: text('credential_hash').notNull(),
    credentialIssuedAt: timestamp('credential_issued_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** `dataset@version` the partner may send, e.g. `public_security.death@1`. */
    datasets: jsonb('datasets').$type<string[]>().notNull(),
    /** Query kinds exchanged with the partner: asked of it (person_alive) or asked by it (person_enrolled). */
    queryKinds: jsonb('query_kinds').$type<string[]>().notNull(),
    purposes: jsonb('purposes').$type<string[]>().notNull(),
    /** The adapter that carries the platform's queries to the partner; null when it cannot be asked. */
    adapter: text('adapter'),
    status: text('status', { enum: partnerStatuses }).notNull().default('active'),
    statusReason: text('status_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('partners_code_idx').on(t.code), uniqueIndex('partners_credential_idx').on(t.credentialHash), index('partners_jurisdiction_idx').on(t.jurisdiction)],
);

export const messageDirections = ['in', 'out'] as const;
export const messageKinds = ['batch', 'query', 'answer'] as const;
/**
 * applied / rejected: a batch that was verified and checked (it holds its batch id from then on);
 * duplicate: the same batch again, answered with the original result; refused: turned away before
 * its records were looked at (credential, signature, permission, replay with changes);
 * answered / failed: a query.
 */
export const messageStatuses = ['applied', 'rejected', 'duplicate', 'refused', 'answered', 'failed'] as const;
export type MessageStatus = (typeof messageStatuses)[number];
export const verificationResults = ['valid', 'invalid', 'missing', 'expired', 'not_signed'] as const;
export type VerificationResult = (typeof verificationResults)[number];

/** What the answer says about one record of a batch; identifiers masked. */
export interface RecordResult {
  line: number;
  idNumberMasked: string | null;
  /** accepted: applied; valid: passed every check but the batch was rejected; rejected: failed a check. */
  status: 'accepted' | 'valid' | 'rejected';
  effect?: 'applied' | 'unchanged';
  code?: string;
  field?: string;
  message?: { zh: string; en: string };
}

/**
 * The message log (in the manner of X-Road's): every message exchanged with a partner, in and
 * out, with the SHA-256 of its exact bytes, its signature and what verifying it found, and the
 * body itself encrypted (AES-256-GCM, as other identifiers), so that a signature can be checked
 * again later. Rows are only added and completed, never deleted.
 */
export const messages = exchangeSchema.table(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    direction: text('direction', { enum: messageDirections }).notNull(),
    kind: text('kind', { enum: messageKinds }).notNull(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    /** `public_security.death` for batches; null for queries. */
    dataset: text('dataset'),
    schemaVersion: integer('schema_version'),
    queryKind: text('query_kind'),
    /** The partner's batch id, or the query's id. */
    batchId: text('batch_id'),
    contentType: text('content_type'),
    bodySha256: text('body_sha256').notNull(),
    bodyBytes: integer('body_bytes').notNull(),
    bodyEnc: text('body_enc'),
    signature: text('signature'),
    keyId: text('key_id'),
    /** The time the partner signed (its X-Exchange-Timestamp). */
    signedAt: timestamp('signed_at', { withTimezone: true }),
    verification: text('verification', { enum: verificationResults }).notNull(),
    status: text('status', { enum: messageStatuses }).notNull(),
    /** Why the whole message was refused or rejected. */
    problemCode: text('problem_code'),
    recordCount: integer('record_count').notNull().default(0),
    accepted: integer('accepted').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** Per-record results of a batch, or the masked content of a query or answer. */
    results: jsonb('results').$type<RecordResult[] | Record<string, unknown>>(),
    purpose: text('purpose'),
    requestId: text('request_id'),
    /** The staff member on whose behalf the platform asked. */
    initiatedById: text('initiated_by_id'),
    initiatedByName: text('initiated_by_name'),
    /** The query an answer answers, or the original of a duplicate. */
    relatedMessageId: uuid('related_message_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().default(sql`now()`),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    // A batch id is spent once its batch has been checked: a replay finds the original here.
    uniqueIndex('messages_partner_batch_idx')
      .on(t.partnerId, t.batchId)
      .where(sql`kind = 'batch' and direction = 'in' and status in ('applied', 'rejected')`),
    index('messages_received_idx').on(t.receivedAt),
    index('messages_partner_received_idx').on(t.partnerId, t.receivedAt),
  ],
);
