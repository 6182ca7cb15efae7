import { sql } from 'drizzle-orm';
import { integer, jsonb, pgSchema, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const httpSchema = pgSchema('http');

/** Remembered answers to POSTs sent with an Idempotency-Key, so a retry never acts twice. */
export const idempotencyKeys = httpSchema.table(
  'idempotency_keys',
  {
    /** Who sent it (session principal, API client or address) and to which route. */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    bodyHash: text('body_hash').notNull(),
    /** Null while the first request is still being handled. */
    status: integer('status'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
