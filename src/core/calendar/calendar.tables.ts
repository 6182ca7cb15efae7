import { date, pgSchema, text } from 'drizzle-orm/pg-core';

export const calendarSchema = pgSchema('calendar');

/**
 * Days that differ from the Monday-to-Friday rule: public holidays (放假) and the weekend days
 * worked in exchange (调休上班), as the State Council publishes them each year.
 */
export const calendarAdjustments = calendarSchema.table('adjustments', {
  day: date('day', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
});
