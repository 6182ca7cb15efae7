import { index, pgSchema, smallint, text } from 'drizzle-orm/pg-core';

export const regionsSchema = pgSchema('regions');

/**
 * GB/T 2260 administrative divisions, in the shortened hierarchical form used by the national
 * statistics codes: province 2 digits (64), city 4 (6401), county 6 (640104), town/street 9
 * (640104001). Every code starts with its parent's code, so "within a region" is a prefix test.
 */
export const regions = regionsSchema.table(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    /** 1 province, 2 city, 3 county, 4 town/street */
    level: smallint('level').notNull(),
    parentCode: text('parent_code'),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
);
