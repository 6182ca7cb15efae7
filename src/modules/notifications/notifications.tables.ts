import { sql } from 'drizzle-orm';
import { index, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const notificationsSchema = pgSchema('notifications');

/** The in-app notification centre of each citizen. */
export const notifications = notificationsSchema.table(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    citizenId: uuid('citizen_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Where in the portal the notification leads, e.g. /portal/appeals/<id>. */
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_citizen_idx').on(t.citizenId, t.createdAt)],
);
