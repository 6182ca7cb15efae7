import { sql } from 'drizzle-orm';
import { index, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const accessSchema = pgSchema('access');

/** A department of a bureau at one region (town, county, city, province or central). */
export const departments = accessSchema.table(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('departments_region_idx').on(t.regionCode)],
);
