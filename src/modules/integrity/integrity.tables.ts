import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, date, index, integer, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
  // Card trajectory (用卡轨迹): findings for review that do not by themselves hold a pension.
  /** The same card used in two places too far apart for the time between. */
  'card_impossible_travel',
  /** Visits far above peers of the same age band and condition. */
  'card_frequency',
  /** Amounts far above peers of the same age band and condition. */
  'card_amount',
  /** Used after the holder's death. */
  'card_after_death',
  /** Used after the card was reported lost. */
  'card_after_lost',
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

// ---------------------------------------------------------------- employers' fraud (用人单位骗保)

/** What an employer can be found to have done to obtain benefits by fraud (《社会保险法》第八十七条). */
export const employerFindingKinds = [
  /** Employment that never existed, to have someone insured or paid (虚构劳动关系). */
  'fictitious_employment',
  /** Forged or altered certificates, payrolls or medical records (伪造、变造证明材料). */
  'forged_documents',
  /** A work injury that did not happen at work, or did not happen (虚报工伤). */
  'false_injury_claim',
  'other',
] as const;
export type EmployerFindingKind = (typeof employerFindingKinds)[number];
export const employerFindingStatuses = ['open', 'confirmed', 'dismissed'] as const;
export type EmployerFindingStatus = (typeof employerFindingStatuses)[number];

/**
 * Fraud suspected of an employer (骗保线索), recorded by one member of staff and confirmed or
 * dismissed by another. Confirmed findings count against the employer's credit rating.
 */
export const employerFindings = integritySchema.table(
  'employer_findings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    employerId: uuid('employer_id').notNull(),
    /** The employer's region when the finding was raised: whose staff see and decide it. */
    region: text('region').notNull(),
    kind: text('kind', { enum: employerFindingKinds }).notNull(),
    description: text('description').notNull(),
    /** When the fraud took place, as far as is known. */
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    /** Money obtained or sought by the fraud (fen), 0 when none is known. */
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
    status: text('status', { enum: employerFindingStatuses }).notNull().default('open'),
    raisedBy: text('raised_by').notNull(),
    raisedByName: text('raised_by_name').notNull(),
    decidedBy: text('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index('employer_findings_employer_idx').on(t.employerId, t.id),
    index('employer_findings_region_status_idx').on(t.region, t.status, t.id),
    check('employer_findings_amount', sql`${t.amountFen} >= 0`),
  ],
);

// ---------------------------------------------------------------- card trajectory (用卡轨迹)

export const institutionKinds = ['hospital', 'clinic', 'pharmacy'] as const;

/** Designated medical institutions and pharmacies (定点医药机构), with where they are. */
export const institutions = integritySchema.table(
  'institutions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The medical insurance code of the institution (医保定点机构编码). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: institutionKinds }).notNull(),
    region: text('region').notNull(),
    /** WGS 84, in millionths of a degree: distances between places of use come from these. */
    latitudeE6: integer('latitude_e6').notNull(),
    longitudeE6: integer('longitude_e6').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('institutions_code_idx').on(t.code)],
);

export const cardUseKinds = ['settlement', 'pharmacy'] as const;

/** One use of a social security card: a medical settlement or a pharmacy purchase. */
export const cardUses = integritySchema.table(
  'card_uses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id').notNull(),
    /** The card used (registry card id) and its number as read, masked on output. */
    cardId: uuid('card_id').notNull(),
    institutionId: uuid('institution_id')
      .notNull()
      .references(() => institutions.id),
    kind: text('kind', { enum: cardUseKinds }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** The condition group for comparing with peers (e.g. an ICD-10 chapter letter). */
    conditionGroup: text('condition_group'),
    /** Reference of the settlement in the medical insurance system: the same use is recorded once. */
    reference: text('reference').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('card_uses_reference_idx').on(t.reference), index('card_uses_person_time_idx').on(t.personId, t.usedAt), index('card_uses_card_idx').on(t.cardId, t.usedAt)],
);

// ---------------------------------------------------------------- credit (人社信用)

/**
 * A version of the credit rules: scoring weights, grade bounds and dishonesty criteria, as
 * data. Rules are never edited: a change is a new version, and each rating names its version.
 */
export const creditRuleSets = integritySchema.table('credit_rule_sets', {
  version: integer('version').primaryKey(),
  rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
  note: text('note').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

export const partyKinds = ['employer', 'person'] as const;

/** A credit rating of an employer or a person: score, grade and the reasons, by one rule version. */
export const creditRatings = integritySchema.table(
  'credit_ratings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    partyKind: text('party_kind', { enum: partyKinds }).notNull(),
    partyId: uuid('party_id').notNull(),
    region: text('region').notNull(),
    ruleVersion: integer('rule_version')
      .notNull()
      .references(() => creditRuleSets.version),
    score: integer('score').notNull(),
    grade: text('grade', { enum: ['A', 'B', 'C', 'D'] }).notNull(),
    reasons: jsonb('reasons').$type<{ code: string; points: number; detail: Record<string, unknown> }[]>().notNull(),
    ratedAt: timestamp('rated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('credit_ratings_party_idx').on(t.partyKind, t.partyId, t.id), index('credit_ratings_region_idx').on(t.region, t.grade)],
);

export const dishonestyStatuses = ['notified', 'objected', 'listed', 'dismissed', 'repaired'] as const;

/**
 * The dishonesty list (失信名单): an entry starts as a notice to the party, who may object;
 * a reviewer lists or dismisses it; a listed party may be repaired (信用修复) after the rule's period.
 */
export const dishonestyEntries = integritySchema.table(
  'dishonesty_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partyKind: text('party_kind', { enum: partyKinds }).notNull(),
    partyId: uuid('party_id').notNull(),
    region: text('region').notNull(),
    ruleCode: text('rule_code').notNull(),
    ruleVersion: integer('rule_version')
      .notNull()
      .references(() => creditRuleSets.version),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: dishonestyStatuses }).notNull().default('notified'),
    notifiedAt: timestamp('notified_at', { withTimezone: true }).notNull().default(sql`now()`),
    objection: text('objection'),
    objectedAt: timestamp('objected_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    listedAt: timestamp('listed_at', { withTimezone: true }),
    /** When the party may apply for credit repair: the listing date plus the rule's period. */
    repairableOn: date('repairable_on', { mode: 'string' }),
    repairedAt: timestamp('repaired_at', { withTimezone: true }),
  },
  (t) => [
    // One live entry per party and rule.
    uniqueIndex('dishonesty_entries_live_idx').on(t.partyKind, t.partyId, t.ruleCode).where(sql`status in ('notified', 'objected', 'listed')`),
    index('dishonesty_entries_region_idx').on(t.region, t.status),
  ],
);
