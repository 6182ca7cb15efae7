import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const integritySchema = pgSchema('integrity');

/**
 * What a pre-payment check can find (the idea of the US Treasury's Do Not Pay): each stops a
 * payment until a reviewer releases or stops it.
 */
export const flagKinds = [
  /** Died, by a public security, health or civil affairs record, or at the counter. */
  'deceased',
  /** Admitted to prison and not released. */
  'incarcerated',
  /** Two payments to the same person in one run. */
  'duplicate_payee',
  /** The same ID number behind two registered persons (a twin identity). */
  'duplicate_identity',
  /** One bank account receiving for several payees who are not the same person. */
  'shared_account',
  /** Living-status certification (待遇资格认证) overdue. */
  'certification_overdue',
  /** Improbable records, e.g. a payee over 110 with no death recorded. */
  'improbable_age',
  /** No benefit account, or one the bank has not confirmed the payee holds. */
  'account_unverified',
] as const;
export type FlagKind = (typeof flagKinds)[number];

export const flagStatuses = ['open', 'released', 'stopped'] as const;
export type FlagStatus = (typeof flagStatuses)[number];

/**
 * A finding about a payee, with the evidence that matched (always by ID number, never by
 * name alone). While a flag is open, the payee's payments are held.
 */
export const flags = integritySchema.table(
  'flags',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id').notNull(),
    kind: text('kind', { enum: flagKinds }).notNull(),
    /** The payee's region: whose reviewers see it. */
    region: text('region').notNull(),
    /** `run:<period>` for a payroll check, `exchange:<message>` for a record that arrived, `sweep:<date>`. */
    source: text('source').notNull(),
    /** What the finding is about, so it is found once: e.g. the date of death, the shared account. */
    matchKey: text('match_key').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    /** Money held by the flag when it was raised (fen). */
    heldFen: bigint('held_fen', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: flagStatuses }).notNull().default('open'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('flags_finding_idx').on(t.personId, t.kind, t.matchKey),
    index('flags_region_status_idx').on(t.region, t.status, t.id),
    index('flags_open_person_idx').on(t.personId).where(sql`status = 'open'`),
  ],
);

export const certificationMethods = [
  /** 静默认证: evidence that the person is alive from other records. */
  'passive_card_use',
  'passive_hospital',
  'passive_department_record',
  /** By the pensioner in the portal (face check in production). */
  'self',
  /** By a registered relative on the pensioner's behalf (亲情服务). */
  'relative',
  'counter',
] as const;
export type CertificationMethod = (typeof certificationMethods)[number];

/** Living-status certifications (待遇资格认证): each is valid for a year. */
export const certifications = integritySchema.table(
  'certifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id').notNull(),
    certifiedOn: date('certified_on', { mode: 'string' }).notNull(),
    method: text('method', { enum: certificationMethods }).notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    byKind: text('by_kind').notNull(),
    byId: text('by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('certifications_person_idx').on(t.personId, t.certifiedOn)],
);

/** Relatives registered to certify for a pensioner (亲情服务): a citizen account acting for a person. */
export const relatives = integritySchema.table(
  'relatives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pensionerId: uuid('pensioner_id').notNull(),
    relativeAccountId: uuid('relative_account_id').notNull(),
    relation: text('relation').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('relatives_pair_idx').on(t.pensionerId, t.relativeAccountId)],
);
