import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, date, doublePrecision, index, integer, jsonb, pgSchema, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const appealsSchema = pgSchema('appeals');

export const appealKinds = ['complaint', 'help', 'consultation', 'suggestion', 'report'] as const;
export type AppealKind = (typeof appealKinds)[number];

export const appealStatuses = ['submitted', 'in_progress', 'replied', 'closed', 'returned'] as const;
export type AppealStatus = (typeof appealStatuses)[number];

export const appealChannels = ['portal', 'hotline', 'partner', 'open311'] as const;
export type AppealChannel = (typeof appealChannels)[number];

export const routingLevels = ['town', 'county', 'city'] as const;
export type RoutingLevel = (typeof routingLevels)[number];

/** Social-security categories of appeals; each is also an Open311 service. */
export const categories = appealsSchema.table('categories', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionZh: text('description_zh').notNull().default(''),
  /** Domain words that point to this category when a citizen does not choose one. */
  keywords: text('keywords').array().notNull().default(sql`ARRAY[]::text[]`),
  active: boolean('active').notNull().default(true),
  sort: integer('sort').notNull().default(0),
});

/** 限时办结: per category and kind (null = any); the most specific row applies. */
export const timeLimits = appealsSchema.table(
  'time_limits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    categoryCode: text('category_code'),
    kind: text('kind', { enum: appealKinds }),
    ackWorkingHours: integer('ack_working_hours').notNull(),
    replyWorkingDays: integer('reply_working_days').notNull(),
  },
  (t) => [uniqueIndex('time_limits_scope_idx').on(sql`coalesce(${t.categoryCode}, '')`, sql`coalesce(${t.kind}, '')`)],
);

/** Which level handles an appeal, by category (null = any) and region prefix ('' = everywhere). */
export const routingRules = appealsSchema.table('routing_rules', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  categoryCode: text('category_code'),
  regionPrefix: text('region_prefix').notNull().default(''),
  level: text('level', { enum: routingLevels }).notNull(),
  note: text('note').notNull().default(''),
});

/**
 * A settled appeal is closed, was acknowledged and was answered: none of its KPI measures can
 * change with time any more, so it is counted once into kpi_daily. The rest are counted live.
 */
export const SETTLED_SQL = "status = 'closed' and acknowledged_at is not null and closed_at is not null";

export const appeals = appealsSchema.table(
  'appeals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trackingNo: text('tracking_no').notNull(),
    kind: text('kind', { enum: appealKinds }).notNull(),
    categoryCode: text('category_code').notNull(),
    /** Set when the category was chosen by the classifier rather than the person filing. */
    categoryConfidence: real('category_confidence'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    regionCode: text('region_code').notNull(),
    departmentId: uuid('department_id').notNull(),
    /** The handling department's region, kept here so region scoping is one indexed prefix test. */
    departmentRegion: text('department_region').notNull(),
    status: text('status', { enum: appealStatuses }).notNull(),
    isPublic: boolean('is_public').notNull(),
    anonymous: boolean('anonymous').notNull(),
    channel: text('channel', { enum: appealChannels }).notNull(),
    citizenId: uuid('citizen_id'),
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    /** Open311 client that filed it (for its token lookups). */
    clientId: text('client_id'),
    duplicateOf: uuid('duplicate_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    ackDueAt: timestamp('ack_due_at', { withTimezone: true }).notNull(),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    publicReply: text('public_reply'),
    resolved: boolean('resolved'),
    repliedByDepartment: uuid('replied_by_department'),
    /** Working hours from filing to the latest reply, for average handling time. */
    handlingHours: real('handling_hours'),
    redoCount: smallint('redo_count').notNull().default(0),
    transferCount: smallint('transfer_count').notNull().default(0),
    extensionCount: smallint('extension_count').notNull().default(0),
    /** A pending request to extend the reply deadline: working days asked for, and why. */
    extensionRequestedDays: smallint('extension_requested_days'),
    extensionReason: text('extension_reason'),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    /** Supervision ladder, each fired once: 催办, 通报, 提级督办. */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    noticedAt: timestamp('noticed_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    /** A named citizen who rated the handling badly must be called back. */
    callbackDueAt: timestamp('callback_due_at', { withTimezone: true }),
    callbackDoneAt: timestamp('callback_done_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('appeals_tracking_no_idx').on(t.trackingNo),
    index('appeals_department_region_idx').on(t.departmentRegion, t.createdAt),
    index('appeals_citizen_idx').on(t.citizenId, t.createdAt),
    index('appeals_status_due_idx').on(t.status, t.replyDueAt),
    index('appeals_public_idx').on(t.isPublic, t.createdAt),
    // Near-duplicate detection looks up the same text within a window: from anyone, or from
    // one filer (who may have filed many other things meanwhile).
    index('appeals_body_md5_idx').on(sql`md5(${t.body})`, t.createdAt),
    index('appeals_citizen_body_md5_idx').on(t.citizenId, sql`md5(${t.body})`, t.createdAt),
    // The KPI dashboards count unsettled appeals live: few, by filing time.
    index('appeals_unsettled_idx').on(t.createdAt).where(sql.raw(`not (${SETTLED_SQL})`)),
  ],
);

export const eventTypes = [
  'filed',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'routed',
  'acknowledged',
  'note',
  'replied',
  'transferred',
  'returned',
  'reassigned',
  'rated',
  'redo',
  'escalated',
  'reminder',
  'notice',
  'closed',
  'callback',
  'merged',
] as const;
export type AppealEventType = (typeof eventTypes)[number];

/** The appeal's timeline. Internal entries are for staff; public ones are shown to the citizen. */
export const appealEvents = appealsSchema.table(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appealId: uuid('appeal_id')
      .notNull()
      .references(() => appeals.id),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    type: text('type', { enum: eventTypes }).notNull(),
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    departmentId: uuid('department_id'),
    body: text('body'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [index('appeal_events_appeal_idx').on(t.appealId, t.id)],
);

/**
 * KPI sums of settled appeals per filing day (China Standard Time), answering department
 * (the one that replied, else the one holding it), holding department's region and category.
 * Triggers on appeals keep it in the transaction of every change, so a dashboard over a
 * million appeals reads a few thousand rows. Derived data: backups leave it out, and the
 * triggers fill it again as a restore inserts the appeals.
 */
export const kpiDaily = appealsSchema.table(
  'kpi_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    departmentId: uuid('department_id').notNull(),
    departmentRegion: text('department_region').notNull(),
    categoryCode: text('category_code').notNull(),
    filed: integer('filed').notNull(),
    ackOnTime: integer('ack_on_time').notNull(),
    replyOnTime: integer('reply_on_time').notNull(),
    replied: integer('replied').notNull(),
    resolved: integer('resolved').notNull(),
    rated: integer('rated').notNull(),
    satisfied: integer('satisfied').notNull(),
    redone: integer('redone').notNull(),
    hoursSum: doublePrecision('hours_sum').notNull(),
    hoursN: integer('hours_n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.departmentId, t.departmentRegion, t.categoryCode] })],
);

/** Per-day counter behind tracking numbers such as WZ-20261129-000123. */
export const trackingCounters = appealsSchema.table('tracking_counters', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
});

/** Open311 GeoReport v2 clients: each files with its own api_key (only its SHA-256 is kept). */
export const open311Clients = appealsSchema.table(
  'open311_clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    apiKeyHash: text('api_key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('open311_clients_key_idx').on(t.apiKeyHash)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** Images and PDFs attached to an appeal, kept in the database so backups carry them. */
export const attachments = appealsSchema.table(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appealId: uuid('appeal_id')
      .notNull()
      .references(() => appeals.id),
    filename: text('filename').notNull(),
    /** As sniffed from the content, never as declared by the client. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('attachments_appeal_idx').on(t.appealId)],
);
