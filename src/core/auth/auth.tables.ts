import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { departments } from '../access/access.tables.ts';

export const authSchema = pgSchema('auth');

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** Fields shared by every kind of account that can log in. */
const credentialColumns = {
  passwordHash: text('password_hash').notNull(),
  /** TOTP secret, encrypted with the field key. */
  totpSecretEnc: text('totp_secret_enc'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** Last accepted TOTP time step: a code is never accepted twice (RFC 6238 §5.2). */
  totpLastStep: integer('totp_last_step'),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  /** How many lockouts in a row; each doubles the next lockout. */
  lockouts: integer('lockouts').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
};

export const staff = authSchema.table(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    roles: text('roles').array().notNull(),
    disabled: boolean('disabled').notNull().default(false),
    ...credentialColumns,
  },
  (t) => [
    uniqueIndex('staff_username_idx').on(sql`lower(${t.username})`),
    index('staff_department_idx').on(t.departmentId),
    // GB/T 22239 level 3: system, security and audit administration are held by different people.
    check(
      'staff_separated_admin_roles',
      sql`NOT (${t.roles} @> ARRAY['sysadmin','secadmin']::text[] OR ${t.roles} @> ARRAY['sysadmin','auditadmin']::text[] OR ${t.roles} @> ARRAY['secadmin','auditadmin']::text[])`,
    ),
    check('staff_has_role', sql`cardinality(${t.roles}) > 0`),
  ],
);

export const citizens = authSchema.table(
  'citizens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Resident ID number (GB 11643), encrypted; looked up through idNumberHash. */
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    name: text('name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    regionCode: text('region_code').notNull(),
    phoneEnc: text('phone_enc'),
    ...credentialColumns,
  },
  (t) => [uniqueIndex('citizens_id_number_hash_idx').on(t.idNumberHash), index('citizens_region_idx').on(t.regionCode)],
);

export const principalKinds = ['staff', 'citizen'] as const;
export type PrincipalKind = (typeof principalKinds)[number];

export const passkeys = authSchema.table(
  'passkeys',
  {
    /** WebAuthn credential id, base64url. */
    id: text('id').primaryKey(),
    principalKind: text('principal_kind', { enum: principalKinds }).notNull(),
    principalId: uuid('principal_id').notNull(),
    name: text('name').notNull(),
    publicKey: bytea('public_key').notNull(),
    counter: integer('counter').notNull(),
    transports: text('transports').array().notNull().default(sql`ARRAY[]::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [index('passkeys_principal_idx').on(t.principalKind, t.principalId)],
);

export const recoveryCodes = authSchema.table(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    principalKind: text('principal_kind', { enum: principalKinds }).notNull(),
    principalId: uuid('principal_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('recovery_codes_principal_idx').on(t.principalKind, t.principalId)],
);

export const sessionStages = ['second_factor', 'enrol', 'active'] as const;
export type SessionStage = (typeof sessionStages)[number];

/**
 * Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a
 * copy of the table does not let anyone log in. A session that has passed only the password
 * is in stage 'second_factor' or 'enrol' and can do nothing but finish logging in.
 */
export const sessions = authSchema.table(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    csrfToken: text('csrf_token').notNull(),
    principalKind: text('principal_kind', { enum: principalKinds }).notNull(),
    principalId: uuid('principal_id').notNull(),
    stage: text('stage', { enum: sessionStages }).notNull(),
    /** Pending WebAuthn challenge (registration or authentication). */
    challenge: text('challenge'),
    /** Pending TOTP secret during enrolment, encrypted. */
    pendingTotpSecretEnc: text('pending_totp_secret_enc'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().default(sql`now()`),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('sessions_token_hash_idx').on(t.tokenHash), index('sessions_principal_idx').on(t.principalKind, t.principalId)],
);
