import { sql } from 'drizzle-orm';
import { bigserial, date, index, jsonb, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
  ],
);

/**
 * What changed on a person and why: the start of the person's dossier. Identifiers appear here
 * masked only.
 */
export const personHistory = registrySchema.table(
  'person_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    kind: text('kind', { enum: ['registered', 'corrected', 'died'] }).notNull(),
    /** Field → [before, after], identifiers masked. */
    changes: jsonb('changes').$type<Record<string, [unknown, unknown]>>(),
    reason: text('reason'),
    /** Staff member or partner system that made the change. */
    byKind: text('by_kind').notNull(),
    byId: text('by_id'),
    byName: text('by_name'),
  },
  (t) => [index('person_history_person_idx').on(t.personId, t.id)],
);
