import { bigint, index, jsonb, pgSchema, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const auditSchema = pgSchema('audit');

/**
 * Append-only, hash-chained log. Each entry's hash covers the previous entry's hash and its
 * own canonical content, so changing or removing any entry breaks every hash after it.
 * UPDATE and DELETE are refused by a trigger (see the migration), whatever the role.
 */
export const auditEntries = auditSchema.table(
  'entries',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
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
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
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
