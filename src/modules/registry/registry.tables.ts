import { sql } from 'drizzle-orm';
import { bigint, bigserial, date, index, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const registrySchema = pgSchema('registry');

export const personStatuses = ['alive', 'deceased'] as const;
export type PersonStatus = (typeof personStatuses)[number];

/**
 * Persons: the master record every benefit, card and contribution hangs on. The resident ID
 * number and the phone are stored encrypted (AES-256-GCM); the ID number is found through a
 * keyed hash (HMAC), never by decrypting. Sex and birth date are those the ID number encodes.
 */
export const persons = registrySchema.table(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    name: text('name').notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    /** Household registration (户籍), a GB/T 2260 county or town code: the region that serves the person. */
    householdRegion: text('household_region').notNull(),
    phoneEnc: text('phone_enc'),
    status: text('status', { enum: personStatuses }).notNull().default('alive'),
    diedOn: date('died_on', { mode: 'string' }),
    /** Who reported the death: a caseworker, or a partner department through the exchange. */
    deathSource: text('death_source'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('persons_id_number_hash_idx').on(t.idNumberHash),
    index('persons_region_name_idx').on(t.householdRegion, t.name),
    // The oldest are few: the payment checks and the data-quality sweep look for ages over 110.
    index('persons_birth_date_idx').on(t.birthDate),
  ],
);

/** What a dossier entry is about: the person, or one of the records that hang on them. */
export const dossierEntities = ['person', 'employment', 'card', 'bank_account', 'income', 'enrolment', 'correction_request', 'contribution', 'pension', 'payment'] as const;
export type DossierEntity = (typeof dossierEntities)[number];

/**
 * The person's dossier (人社电子档案袋): every change to the person and to what hangs on them
 * (cards, bank accounts, income, enrolments, employment), with who made it and why. Later
 * modules add theirs through the registry. Identifiers appear here masked only.
 */
export const personHistory = registrySchema.table(
  'person_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    /** `registered`, `corrected`, `died`, or `<entity>.<event>` such as `card.reported_lost`. */
    kind: text('kind').notNull(),
    entityKind: text('entity_kind', { enum: dossierEntities }).notNull().default('person'),
    entityId: text('entity_id'),
    /** Field → [before, after], identifiers masked. */
    changes: jsonb('changes').$type<Record<string, [unknown, unknown]>>(),
    reason: text('reason'),
    /** Staff member, citizen, import or partner system that made the change. */
    byKind: text('by_kind').notNull(),
    byId: text('by_id'),
    byName: text('by_name'),
  },
  (t) => [
    index('person_history_person_idx').on(t.personId, t.id),
    // The imprisonment records the payment checks read on every run (registry.incarcerations).
    index('person_history_incarceration_idx').on(t.personId).where(sql`kind = 'partner.public_security.incarceration'`),
    // Partner records that show the person alive (registry.signs_of_life, same condition): a few
    // among the registrations and corrections, read on every run for passive certification.
    index('person_history_signs_of_life_idx')
      .on(t.personId)
      .where(sql`by_kind = 'partner' and kind like 'partner.%' and kind not in ('partner.public_security.death', 'partner.health.hospital_death')`),
  ],
);

export const employerStatuses = ['active', 'suspended', 'closed'] as const;

/** Employers (用人单位), known by their GB 32100-2015 unified social credit code. */
export const employers = registrySchema.table(
  'employers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    /** GB/T 4754-2017 industry section, A–T. */
    industry: text('industry').notNull(),
    /** The county or town where the employer is registered for social insurance. */
    region: text('region').notNull(),
    status: text('status', { enum: employerStatuses }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('employers_credit_code_idx').on(t.creditCode), index('employers_region_name_idx').on(t.region, t.name)],
);

/** Who works (or worked) for whom, from when to when. */
export const employments = registrySchema.table(
  'employments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    employerId: uuid('employer_id')
      .notNull()
      .references(() => employers.id),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index('employments_person_idx').on(t.personId),
    index('employments_employer_idx').on(t.employerId),
    // One open employment per person and employer.
    uniqueIndex('employments_open_idx').on(t.personId, t.employerId).where(sql`ended_on is null`),
  ],
);

export const cardStatuses = ['active', 'reported_lost', 'replaced', 'cancelled'] as const;
export type CardStatus = (typeof cardStatuses)[number];

/** Social security cards (社会保障卡): the card number, the bank that issued it, and its status. */
export const cards = registrySchema.table(
  'cards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    cardNumber: text('card_number').notNull(),
    /** The bank that issued the card with its financial account (e.g. 中国工商银行). */
    issuingBank: text('issuing_bank').notNull(),
    status: text('status', { enum: cardStatuses }).notNull().default('active'),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** The card this one replaced (补换卡). */
    replacesId: uuid('replaces_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('cards_number_idx').on(t.cardNumber),
    index('cards_person_idx').on(t.personId),
    // A person holds at most one card that is in use or reported lost.
    uniqueIndex('cards_current_idx').on(t.personId).where(sql`status in ('active', 'reported_lost')`),
  ],
);

export const bankAccountStatuses = ['active', 'closed'] as const;

/** Bank accounts for benefit payment; the account number is encrypted, found by keyed hash. */
export const bankAccounts = registrySchema.table(
  'bank_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    bankName: text('bank_name').notNull(),
    accountNumberEnc: text('account_number_enc').notNull(),
    accountNumberHash: text('account_number_hash').notNull(),
    status: text('status', { enum: bankAccountStatuses }).notNull().default('active'),
    /** When the bank confirmed that the person holds the account (account-holder verification). */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    verifiedBy: text('verified_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('bank_accounts_person_idx').on(t.personId),
    index('bank_accounts_number_idx').on(t.accountNumberHash),
    // Benefits go to one account at a time.
    uniqueIndex('bank_accounts_active_idx').on(t.personId).where(sql`status = 'active'`),
  ],
);

/** Income by month and payer, as reported by tax (or entered at the counter). */
export const incomeRecords = registrySchema.table(
  'income_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    /** YYYY-MM. */
    period: text('period').notNull(),
    /** The payer's unified social credit code. */
    payerCreditCode: text('payer_credit_code').notNull(),
    /** Integer fen. */
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('income_records_person_period_payer_idx').on(t.personId, t.period, t.payerCreditCode)],
);

/** The insurance schemes of the Social Insurance Law. */
export const insuranceSchemes = [
  'employee_pension',
  'resident_pension',
  'employee_medical',
  'resident_medical',
  'unemployment',
  'work_injury',
  'maternity',
] as const;
export type InsuranceScheme = (typeof insuranceSchemes)[number];
export const enrolmentStatuses = ['active', 'suspended', 'ended'] as const;
export type EnrolmentStatus = (typeof enrolmentStatuses)[number];

/** Insurance enrolments (参保登记); each status change is in the person's dossier. */
export const enrolments = registrySchema.table(
  'enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    scheme: text('scheme', { enum: insuranceSchemes }).notNull(),
    status: text('status', { enum: enrolmentStatuses }).notNull().default('active'),
    /** The employer that pays in, for employee schemes; null for residents and flexible workers. */
    employerId: uuid('employer_id').references(() => employers.id),
    /** Where the person is insured (参保地), a county or town code. */
    region: text('region').notNull(),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    endedOn: date('ended_on', { mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index('enrolments_person_idx').on(t.personId),
    // One enrolment per scheme that is not ended.
    uniqueIndex('enrolments_open_idx').on(t.personId, t.scheme).where(sql`status <> 'ended'`),
  ],
);

export const correctionStatuses = ['open', 'done', 'refused'] as const;

/**
 * A citizen's request to correct their data (PIPL art. 46): a task for a caseworker of the
 * person's region, due within a time limit.
 */
export const correctionRequests = registrySchema.table(
  'correction_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    /** The region whose caseworkers handle it (the person's household region when filed). */
    region: text('region').notNull(),
    /** What is wrong, in the citizen's words, and what it should be. */
    field: text('field').notNull(),
    requested: text('requested').notNull(),
    status: text('status', { enum: correctionStatuses }).notNull().default('open'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedById: text('resolved_by_id'),
    resolvedByName: text('resolved_by_name'),
    answer: text('answer'),
  },
  (t) => [index('correction_requests_region_idx').on(t.region, t.status, t.dueAt), index('correction_requests_person_idx').on(t.personId)],
);
