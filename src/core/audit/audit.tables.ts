import { bigint, bigserial, index, jsonb, pgSchema, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const auditSchema = pgSchema('audit');

/**
 * Append-only, hash-chained log. An entry is inserted in the transaction of the change it
 * records, without any lock; a single chainer then gives it the next `seq` and its hash, which
 * covers the previous entry's hash and its own canonical content, so changing or removing any
 * chained entry breaks every hash after it (Certificate Transparency's merge delay, in seconds).
 * A trigger refuses DELETE, and any UPDATE other than filling in the chain fields once.
 */
export const auditEntries = auditSchema.table(
  'entries',
  {
    /** Insertion order; the chain order is `seq`. */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seq: bigint('seq', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    actorRegion: text('actor_region'),
    action: text('action').notNull(),
    targetKind: text('target_kind'),
    targetId: text('target_id'),
    /** The person whose data this entry concerns (citizen id): feeds "who looked at my data". */
    subjectId: text('subject_id'),
    purpose: text('purpose'),
    outcome: text('outcome', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    channel: text('channel').notNull(),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (t) => [
    uniqueIndex('audit_entries_seq_idx').on(t.seq),
    index('audit_entries_subject_idx').on(t.subjectId, t.seq),
    index('audit_entries_actor_idx').on(t.actorId, t.seq),
    index('audit_entries_action_idx').on(t.action, t.seq),
    index('audit_entries_at_idx').on(t.at),
  ],
);

/**
 * Signed checkpoints, in the manner of Certificate Transparency's signed tree heads: each
 * seals a contiguous batch of entries by the Merkle root of their hashes, signed with Ed25519.
 */
export const auditCheckpoints = auditSchema.table('checkpoints', {
  id: serial('id').primaryKey(),
  firstSeq: bigint('first_seq', { mode: 'number' }).notNull(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  merkleRoot: text('merkle_root').notNull(),
  lastEntryHash: text('last_entry_hash').notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true, precision: 3 }).notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});
