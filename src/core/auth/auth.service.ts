import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Config } from '../config/config.ts';
import type { Database, Db } from '../db/client.ts';
import type { FieldCrypto } from '../crypto/field-crypto.ts';
import { maskIdNumber, maskPhone } from '../crypto/masking.ts';
import type { Audit, AuditActor } from '../audit/audit.service.ts';
import { appError } from '../http/errors.ts';
import { parseResidentId } from '../identity/resident-id.ts';
import type { Regions } from '../regions/regions.service.ts';
import { departments } from '../access/access.tables.ts';
import { isRole, type Role } from '../access/roles.ts';
import { auditActorOf, type Actor } from '../access/guard.ts';
import { citizens, passkeys, recoveryCodes, sessions, staff, type PrincipalKind, type SessionStage } from './auth.tables.ts';
import { hashPassword, isStrongEnough, verifyAgainstNothing, verifyPassword } from './passwords.ts';
import { checkTotp, newTotpSecret, totpUri } from './totp.ts';

/** Failed attempts allowed before a lockout; each further lockout doubles, up to an hour. */
export const MAX_FAILED_ATTEMPTS = 5;
const FIRST_LOCKOUT_SECONDS = 60;
const MAX_LOCKOUT_SECONDS = 3600;
const PENDING_SECONDS = 10 * 60;
const IDLE_SECONDS = 30 * 60;
const ABSOLUTE_SECONDS: Record<PrincipalKind, number> = { staff: 12 * 3600, citizen: 24 * 3600 };
const RECOVERY_CODE_COUNT = 10;
const RECENT_SESSION_MS = 2_000;
const RECENT_SESSIONS_MAX = 10_000;

export interface ClientMeta {
  ip: string;
  userAgent: string | undefined;
  requestId: string;
}

export interface SessionRow {
  id: string;
  principalKind: PrincipalKind;
  principalId: string;
  stage: SessionStage;
  csrfToken: string;
  challenge: string | null;
  pendingTotpSecretEnc: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface ResolvedSession {
  session: SessionRow;
  actor: Actor;
}

export interface IssuedSession {
  token: string;
  csrfToken: string;
  stage: SessionStage;
}

export type LoginResult =
  | { next: 'second_factor'; methods: ('totp' | 'passkey' | 'recovery')[]; issued: IssuedSession }
  | { next: 'enrol'; issued: IssuedSession }
  | { next: 'done'; issued: IssuedSession };

const channelOf = (kind: PrincipalKind) => (kind === 'staff' ? 'staff_screen' : 'citizen_portal');
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const recoveryHash = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** Both account tables share the credential columns; this is the one place that knows it. */
const accountTable = (kind: PrincipalKind) => (kind === 'staff' ? staff : citizens) as unknown as typeof staff;

type AccountRow = typeof staff.$inferSelect;

/** A staff member acting for their department; a disabled account acts for no one. */
function staffActor(id: string, s: { displayName: string; roles: string[]; disabled: boolean }, d: { id: string; regionCode: string }): Actor | undefined {
  if (s.disabled) return undefined;
  return { kind: 'staff', id, name: s.displayName, roles: s.roles.filter(isRole), departmentId: d.id, regionCode: d.regionCode };
}

function citizenActor(id: string, c: { name: string; regionCode: string }): Actor {
  return { kind: 'citizen', id, name: c.name, regionCode: c.regionCode };
}

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(deps: { database: Database; config: Config; crypto: FieldCrypto; audit: Audit; regions: Regions }) {
  const { database, config, crypto, audit, regions } = deps;
  const origin = config.origin;

  // ---------- accounts ----------

  async function loadAccount(db: Db, kind: PrincipalKind, id: string): Promise<AccountRow | undefined> {
    const table = accountTable(kind);
    const [row] = await db.select().from(table).where(eq(table.id, id)).limit(1);
    return row;
  }

  async function loadActor(db: Db, kind: PrincipalKind, id: string): Promise<Actor | undefined> {
    if (kind === 'staff') {
      const [row] = await db
        .select({ s: staff, d: departments })
        .from(staff)
        .innerJoin(departments, eq(departments.id, staff.departmentId))
        .where(eq(staff.id, id))
        .limit(1);
      return row ? staffActor(id, row.s, row.d) : undefined;
    }
    const [row] = await db.select().from(citizens).where(eq(citizens.id, id)).limit(1);
    return row ? citizenActor(id, row) : undefined;
  }

  /** Before login completes the actor is known only by kind and id. */
  function auditActor(kind: PrincipalKind, account: { id: string }, actor?: Actor): AuditActor {
    return actor ? auditActorOf(actor) : { kind, id: account.id };
  }

  /** An event about the session's own account, recorded in `tx`. */
  function accountEvent(tx: Db, resolved: ResolvedSession, meta: ClientMeta, action: string, details?: Record<string, unknown>) {
    const { session } = resolved;
    return audit.append(tx, {
      actor: auditActorOf(resolved.actor),
      action,
      targetKind: session.principalKind,
      targetId: session.principalId,
      channel: channelOf(session.principalKind),
      requestId: meta.requestId,
      details: details ?? null,
    });
  }

  function lockedFor(account: AccountRow, now = new Date()): number {
    if (!account.lockedUntil || account.lockedUntil <= now) return 0;
    return Math.ceil((account.lockedUntil.getTime() - now.getTime()) / 1000);
  }

  function lockedError(seconds: number) {
    return appError('account_locked', { retryAfterSeconds: seconds, detail: `try again in ${seconds} s` });
  }

  /**
   * Counts one failed attempt (password or second factor). The fifth in a row locks the
   * account, for a minute the first time and twice as long each time after.
   */
  async function recordFailure(kind: PrincipalKind, account: AccountRow, meta: ClientMeta, what: string): Promise<number> {
    const table = accountTable(kind);
    return database.transaction(async (tx) => {
      const [row] = await tx
        .update(table)
        .set({ failedAttempts: sql`${table.failedAttempts} + 1` })
        .where(eq(table.id, account.id))
        .returning({ failedAttempts: table.failedAttempts, lockouts: table.lockouts });
      let lockSeconds = 0;
      if (row && row.failedAttempts >= MAX_FAILED_ATTEMPTS) {
        lockSeconds = Math.min(FIRST_LOCKOUT_SECONDS * 2 ** row.lockouts, MAX_LOCKOUT_SECONDS);
        await tx
          .update(table)
          .set({ failedAttempts: 0, lockouts: row.lockouts + 1, lockedUntil: new Date(Date.now() + lockSeconds * 1000) })
          .where(eq(table.id, account.id));
      }
      await audit.append(tx, {
        actor: auditActor(kind, account),
        action: lockSeconds > 0 ? 'auth.locked' : 'auth.failed',
        targetKind: kind,
        targetId: account.id,
        outcome: 'failed',
        channel: channelOf(kind),
        requestId: meta.requestId,
        details: { step: what, ip: meta.ip, ...(lockSeconds > 0 ? { lockSeconds } : {}) },
      });
      return lockSeconds;
    });
  }

  async function clearFailures(tx: Db, kind: PrincipalKind, id: string) {
    const table = accountTable(kind);
    await tx.update(table).set({ failedAttempts: 0, lockouts: 0, lockedUntil: null }).where(eq(table.id, id));
  }

  async function secondFactorMethods(db: Db, kind: PrincipalKind, account: AccountRow) {
    const methods: ('totp' | 'passkey' | 'recovery')[] = [];
    if (account.totpEnabledAt) methods.push('totp');
    const keys = await db
      .select({ id: passkeys.id })
      .from(passkeys)
      .where(and(eq(passkeys.principalKind, kind), eq(passkeys.principalId, account.id)));
    if (keys.length > 0) methods.push('passkey');
    if (methods.length > 0) methods.push('recovery');
    return methods;
  }

  // ---------- sessions ----------

  async function issueSession(tx: Db, kind: PrincipalKind, principalId: string, stage: SessionStage, meta: ClientMeta): Promise<IssuedSession> {
    const token = newToken();
    const csrfToken = newToken();
    const seconds = stage === 'active' ? IDLE_SECONDS : PENDING_SECONDS;
    await tx.insert(sessions).values({
      tokenHash: tokenHash(token),
      csrfToken,
      principalKind: kind,
      principalId,
      stage,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      expiresAt: new Date(Date.now() + seconds * 1000),
    });
    return { token, csrfToken, stage };
  }

  /** Moves a pending session to active under a fresh token, so a pre-login token is worthless. */
  async function activate(tx: Db, session: SessionRow, meta: ClientMeta, method: string): Promise<IssuedSession> {
    const token = newToken();
    const csrfToken = newToken();
    await tx
      .update(sessions)
      .set({
        tokenHash: tokenHash(token),
        csrfToken,
        stage: 'active',
        challenge: null,
        pendingTotpSecretEnc: null,
        lastSeenAt: new Date(),
        expiresAt: new Date(Date.now() + IDLE_SECONDS * 1000),
      })
      .where(eq(sessions.id, session.id));
    await clearFailures(tx, session.principalKind, session.principalId);
    const actor = await loadActor(tx, session.principalKind, session.principalId);
    await audit.append(tx, {
      actor: auditActor(session.principalKind, { id: session.principalId }, actor),
      action: 'auth.login',
      targetKind: 'session',
      targetId: session.id,
      channel: channelOf(session.principalKind),
      requestId: meta.requestId,
      details: { method, ip: meta.ip },
    });
    return { token, csrfToken, stage: 'active' };
  }

  /**
   * The session behind a token with its account, in one prepared statement: every
   * authenticated request runs it, so it is built once and planned once per connection.
   */
  const sessionByTokenHash = database.db
    .select({
      session: sessions,
      staff: { displayName: staff.displayName, roles: staff.roles, disabled: staff.disabled },
      department: { id: departments.id, regionCode: departments.regionCode },
      citizen: { name: citizens.name, regionCode: citizens.regionCode },
    })
    .from(sessions)
    .leftJoin(staff, and(eq(sessions.principalKind, 'staff'), eq(staff.id, sessions.principalId)))
    .leftJoin(departments, eq(departments.id, staff.departmentId))
    .leftJoin(citizens, and(eq(sessions.principalKind, 'citizen'), eq(citizens.id, sessions.principalId)))
    .where(and(eq(sessions.tokenHash, sql.placeholder('tokenHash')), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .limit(1)
    .prepare('auth_session_by_token');

  /**
   * Active sessions resolved a moment ago, so the burst of requests behind one page costs one
   * lookup. A session revoked on this server stops at once; one revoked on another server
   * stops here within RECENT_SESSION_MS. What changes during a session (a pending challenge or
   * TOTP secret) is read fresh where it is used.
   */
  const recentSessions = new Map<string, { resolved: ResolvedSession; until: number }>();
  const forgetRecentSessions = () => recentSessions.clear();

  async function resolveSession(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > 100) return null;
    const hash = tokenHash(token);
    const recent = recentSessions.get(hash);
    if (recent && recent.until > Date.now()) return recent.resolved;
    const resolved = await lookUpSession(hash);
    if (resolved?.session.stage === 'active') {
      if (recentSessions.size >= RECENT_SESSIONS_MAX) recentSessions.delete(recentSessions.keys().next().value!);
      recentSessions.set(hash, { resolved, until: Date.now() + RECENT_SESSION_MS });
    }
    return resolved;
  }

  async function lookUpSession(hash: string): Promise<ResolvedSession | null> {
    const now = new Date();
    const [found] = await sessionByTokenHash.execute({ tokenHash: hash });
    if (!found) return null;
    const { session: row } = found;
    if (row.stage === 'active') {
      const absoluteEnd = row.createdAt.getTime() + ABSOLUTE_SECONDS[row.principalKind] * 1000;
      if (now.getTime() > absoluteEnd) return null;
      // Sliding idle timeout; written at most once a minute to keep reads cheap.
      if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
        await database.db
          .update(sessions)
          .set({ lastSeenAt: now, expiresAt: new Date(Math.min(now.getTime() + IDLE_SECONDS * 1000, absoluteEnd)) })
          .where(eq(sessions.id, row.id));
      }
    }
    const actor =
      row.principalKind === 'staff'
        ? found.staff && found.department && staffActor(row.principalId, found.staff, found.department)
        : found.citizen && citizenActor(row.principalId, found.citizen);
    if (!actor) return null;
    return { session: row, actor };
  }

  // ---------- password step ----------

  async function passwordStep(kind: PrincipalKind, account: AccountRow | undefined, password: string, meta: ClientMeta): Promise<LoginResult> {
    if (!account) {
      await verifyAgainstNothing(password);
      await audit.record({
        actor: { kind: 'anonymous' },
        action: 'auth.failed',
        targetKind: kind,
        outcome: 'failed',
        channel: channelOf(kind),
        requestId: meta.requestId,
        details: { step: 'password', reason: 'unknown_account', ip: meta.ip },
      });
      throw appError('invalid_credentials');
    }
    const locked = lockedFor(account);
    if (locked > 0) throw lockedError(locked);
    if (!(await verifyPassword(account.passwordHash, password))) {
      const lockSeconds = await recordFailure(kind, account, meta, 'password');
      throw lockSeconds > 0 ? lockedError(lockSeconds) : appError('invalid_credentials');
    }
    if (kind === 'staff' && account.disabled) throw appError('account_disabled');
    return database.transaction(async (tx) => {
      const methods = await secondFactorMethods(tx, kind, account);
      if (methods.length > 0) {
        return { next: 'second_factor', methods, issued: await issueSession(tx, kind, account.id, 'second_factor', meta) };
      }
      if (kind === 'staff') {
        // A staff member without a second factor must enrol one before the session becomes active.
        return { next: 'enrol', issued: await issueSession(tx, kind, account.id, 'enrol', meta) };
      }
      const pending = await issueSession(tx, kind, account.id, 'second_factor', meta);
      const session = await sessionByToken(tx, pending.token);
      return { next: 'done', issued: await activate(tx, session, meta, 'password') };
    });
  }

  async function sessionById(id: string): Promise<SessionRow> {
    const [row] = await database.db.select().from(sessions).where(eq(sessions.id, id)).limit(1);
    if (!row) throw appError('session_invalid');
    return row;
  }

  async function sessionByToken(db: Db, token: string): Promise<SessionRow> {
    const [row] = await db.select().from(sessions).where(eq(sessions.tokenHash, tokenHash(token))).limit(1);
    if (!row) throw appError('session_invalid');
    return row;
  }

  async function staffLogin(username: string, password: string, meta: ClientMeta): Promise<LoginResult> {
    const [account] = await database.db
      .select()
      .from(staff)
      .where(sql`lower(${staff.username}) = lower(${username})`)
      .limit(1);
    return passwordStep('staff', account, password, meta);
  }

  async function citizenLogin(idNumber: string, password: string, meta: ClientMeta): Promise<LoginResult> {
    const parsed = parseResidentId(idNumber);
    if (!parsed.ok) throw appError('invalid_id_number', { detail: `ID number problem: ${parsed.problem}` });
    const [account] = await database.db
      .select()
      .from(citizens)
      .where(eq(citizens.idNumberHash, crypto.lookupHash('id_number', parsed.value.number)))
      .limit(1);
    return passwordStep('citizen', account as AccountRow | undefined, password, meta);
  }

  async function citizenSignup(
    input: { idNumber: string; name: string; password: string; phone?: string | undefined; regionCode?: string | undefined },
    meta: ClientMeta,
  ): Promise<IssuedSession> {
    const parsed = parseResidentId(input.idNumber);
    if (!parsed.ok) throw appError('invalid_id_number', { detail: `ID number problem: ${parsed.problem}` });
    if (!isStrongEnough(input.password)) throw appError('weak_password');
    const regionCode = input.regionCode ?? parsed.value.addressCode;
    if (!regions.get(regionCode)) {
      throw appError('unknown_region', { detail: `region ${regionCode} is not a current administrative division; choose your household region` });
    }
    const idHash = crypto.lookupHash('id_number', parsed.value.number);
    const passwordHash = await hashPassword(input.password);
    return database.transaction(async (tx) => {
      const [exists] = await tx.select({ id: citizens.id }).from(citizens).where(eq(citizens.idNumberHash, idHash)).limit(1);
      if (exists) throw appError('id_number_taken');
      const [row] = await tx
        .insert(citizens)
        .values({
          idNumberEnc: crypto.encrypt(parsed.value.number),
          idNumberHash: idHash,
          name: input.name.trim(),
          birthDate: parsed.value.birthDate,
          sex: parsed.value.sex,
          regionCode: regions.get(regionCode)!.code,
          phoneEnc: input.phone ? crypto.encrypt(input.phone) : null,
          passwordHash,
        })
        .returning({ id: citizens.id });
      const id = row!.id;
      await audit.append(tx, {
        actor: { kind: 'citizen', id, name: input.name, role: 'citizen', region: regionCode },
        action: 'citizen.signup',
        targetKind: 'citizen',
        targetId: id,
        subjectId: id,
        channel: 'citizen_portal',
        requestId: meta.requestId,
      });
      const pending = await issueSession(tx, 'citizen', id, 'second_factor', meta);
      return activate(tx, await sessionByToken(tx, pending.token), meta, 'signup');
    });
  }

  // ---------- second factors ----------

  function requirePending(session: SessionRow, allowed: SessionStage[]) {
    if (!allowed.includes(session.stage)) throw appError(session.stage === 'active' ? 'forbidden' : 'second_factor_pending');
  }

  async function accountFor(session: SessionRow): Promise<AccountRow> {
    const account = await loadAccount(database.db, session.principalKind, session.principalId);
    if (!account) throw appError('session_invalid');
    const locked = lockedFor(account);
    if (locked > 0) throw lockedError(locked);
    return account;
  }

  async function failSecondFactor(
    session: SessionRow,
    account: AccountRow,
    meta: ClientMeta,
    what: string,
    code: Parameters<typeof appError>[0],
  ): Promise<never> {
    const lockSeconds = await recordFailure(session.principalKind, account, meta, what);
    if (lockSeconds > 0) {
      // A locked account's pending session ends: the next try starts with the password again.
      await database.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, session.id));
      throw lockedError(lockSeconds);
    }
    throw appError(code);
  }

  async function loginWithTotp(session: SessionRow, code: string, meta: ClientMeta): Promise<IssuedSession> {
    requirePending(session, ['second_factor']);
    const account = await accountFor(session);
    if (!account.totpSecretEnc || !account.totpEnabledAt) throw appError('totp_not_enrolled');
    const check = await checkTotp(crypto.decrypt(account.totpSecretEnc), code.trim());
    if (!check.valid) return failSecondFactor(session, account, meta, 'totp', 'totp_invalid');
    if (account.totpLastStep !== null && check.timeStep <= account.totpLastStep) {
      return failSecondFactor(session, account, meta, 'totp_replay', 'totp_replayed');
    }
    const table = accountTable(session.principalKind);
    return database.transaction(async (tx) => {
      // The step is claimed atomically: two requests with one code cannot both succeed.
      const claimed = await tx
        .update(table)
        .set({ totpLastStep: check.timeStep })
        .where(and(eq(table.id, account.id), sql`coalesce(${table.totpLastStep}, -1) < ${check.timeStep}`))
        .returning({ id: table.id });
      if (claimed.length === 0) throw appError('totp_replayed');
      return activate(tx, session, meta, 'totp');
    });
  }

  async function loginWithRecoveryCode(session: SessionRow, code: string, meta: ClientMeta): Promise<IssuedSession> {
    requirePending(session, ['second_factor']);
    const account = await accountFor(session);
    const used = await database.transaction(async (tx) => {
      const [row] = await tx
        .update(recoveryCodes)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(recoveryCodes.principalKind, session.principalKind),
            eq(recoveryCodes.principalId, account.id),
            eq(recoveryCodes.codeHash, recoveryHash(code)),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      if (!row) return null;
      return activate(tx, session, meta, 'recovery_code');
    });
    if (!used) return failSecondFactor(session, account, meta, 'recovery_code', 'recovery_code_invalid');
    return used;
  }

  async function userPasskeys(db: Db, kind: PrincipalKind, id: string) {
    return db
      .select()
      .from(passkeys)
      .where(and(eq(passkeys.principalKind, kind), eq(passkeys.principalId, id)));
  }

  async function passkeyLoginOptions(session: SessionRow) {
    requirePending(session, ['second_factor']);
    const keys = await userPasskeys(database.db, session.principalKind, session.principalId);
    const options = await generateAuthenticationOptions({
      rpID: config.rpId,
      allowCredentials: keys.map((k) => ({ id: k.id, transports: k.transports as never })),
      userVerification: 'preferred',
    });
    await database.db.update(sessions).set({ challenge: options.challenge }).where(eq(sessions.id, session.id));
    return options;
  }

  async function loginWithPasskey(session: SessionRow, response: AuthenticationResponseJSON, meta: ClientMeta): Promise<IssuedSession> {
    requirePending(session, ['second_factor']);
    if (!session.challenge) throw appError('passkey_challenge_missing');
    const account = await accountFor(session);
    const [key] = (await userPasskeys(database.db, session.principalKind, account.id)).filter((k) => k.id === response.id);
    let verified = false;
    let newCounter = 0;
    if (key) {
      try {
        const result = await verifyAuthenticationResponse({
          response,
          expectedChallenge: session.challenge,
          expectedOrigin: origin,
          expectedRPID: config.rpId,
          credential: { id: key.id, publicKey: new Uint8Array(key.publicKey), counter: key.counter, transports: key.transports as never },
        });
        verified = result.verified;
        newCounter = result.authenticationInfo.newCounter;
      } catch {
        verified = false;
      }
    }
    if (!verified || !key) return failSecondFactor(session, account, meta, 'passkey', 'passkey_failed');
    return database.transaction(async (tx) => {
      await tx.update(passkeys).set({ counter: newCounter, lastUsedAt: new Date() }).where(eq(passkeys.id, key.id));
      return activate(tx, session, meta, 'passkey');
    });
  }

  // ---------- enrolment ----------

  async function startTotpEnrolment(resolved: ResolvedSession) {
    requirePending(resolved.session, ['enrol', 'active']);
    const secret = newTotpSecret();
    await database.db
      .update(sessions)
      .set({ pendingTotpSecretEnc: crypto.encrypt(secret) })
      .where(eq(sessions.id, resolved.session.id));
    const label = resolved.actor.kind === 'staff' ? (await loadStaffUsername(resolved.actor.id)) : resolved.actor.name;
    return { secret, otpauthUrl: totpUri(secret, label, '民生 minsheng') };
  }

  async function loadStaffUsername(id: string): Promise<string> {
    const [row] = await database.db.select({ username: staff.username }).from(staff).where(eq(staff.id, id)).limit(1);
    return row?.username ?? id;
  }

  /** Replaces all recovery codes with new ones; returns them in plain text this once. */
  async function newRecoveryCodes(tx: Db, kind: PrincipalKind, id: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = randomBytes(5).toString('hex');
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await tx.delete(recoveryCodes).where(and(eq(recoveryCodes.principalKind, kind), eq(recoveryCodes.principalId, id)));
    await tx.insert(recoveryCodes).values(codes.map((code) => ({ principalKind: kind, principalId: id, codeHash: recoveryHash(code) })));
    return codes;
  }

  async function hasRecoveryCodes(db: Db, kind: PrincipalKind, id: string) {
    const [row] = await db
      .select({ id: recoveryCodes.id })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.principalKind, kind), eq(recoveryCodes.principalId, id), isNull(recoveryCodes.usedAt)))
      .limit(1);
    return Boolean(row);
  }

  /** After a factor is added: first factor gets recovery codes; an enrolling session becomes active. */
  async function finishEnrolment(tx: Db, resolved: ResolvedSession, meta: ClientMeta, factor: string) {
    const { session } = resolved;
    const recovery = (await hasRecoveryCodes(tx, session.principalKind, session.principalId))
      ? undefined
      : await newRecoveryCodes(tx, session.principalKind, session.principalId);
    await accountEvent(tx, resolved, meta, 'auth.factor_enrolled', { factor });
    const issued = session.stage === 'enrol' ? await activate(tx, session, meta, `enrol_${factor}`) : undefined;
    return { recoveryCodes: recovery, issued };
  }

  async function confirmTotpEnrolment(resolved: ResolvedSession, code: string, meta: ClientMeta) {
    requirePending(resolved.session, ['enrol', 'active']);
    const { pendingTotpSecretEnc: pending } = await sessionById(resolved.session.id);
    if (!pending) throw appError('totp_enrolment_not_started');
    const secret = crypto.decrypt(pending);
    const check = await checkTotp(secret, code.trim());
    if (!check.valid) throw appError('totp_invalid');
    const table = accountTable(resolved.session.principalKind);
    return database.transaction(async (tx) => {
      await tx
        .update(table)
        .set({ totpSecretEnc: crypto.encrypt(secret), totpEnabledAt: new Date(), totpLastStep: check.timeStep })
        .where(eq(table.id, resolved.session.principalId));
      await tx.update(sessions).set({ pendingTotpSecretEnc: null }).where(eq(sessions.id, resolved.session.id));
      return finishEnrolment(tx, resolved, meta, 'totp');
    });
  }

  async function passkeyEnrolmentOptions(resolved: ResolvedSession) {
    requirePending(resolved.session, ['enrol', 'active']);
    const { session, actor } = resolved;
    const existing = await userPasskeys(database.db, session.principalKind, session.principalId);
    const userName = actor.kind === 'staff' ? await loadStaffUsername(actor.id) : actor.name;
    const options = await generateRegistrationOptions({
      rpName: config.rpName,
      rpID: config.rpId,
      userName,
      userDisplayName: actor.name,
      userID: new TextEncoder().encode(session.principalId),
      attestationType: 'none',
      excludeCredentials: existing.map((k) => ({ id: k.id, transports: k.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await database.db.update(sessions).set({ challenge: options.challenge }).where(eq(sessions.id, session.id));
    return options;
  }

  async function confirmPasskeyEnrolment(resolved: ResolvedSession, response: RegistrationResponseJSON, name: string | undefined, meta: ClientMeta) {
    requirePending(resolved.session, ['enrol', 'active']);
    const session = await sessionById(resolved.session.id);
    if (!session.challenge) throw appError('passkey_challenge_missing');
    let info;
    try {
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge: session.challenge,
        expectedOrigin: origin,
        expectedRPID: config.rpId,
      });
      if (!result.verified) throw new Error('not verified');
      info = result.registrationInfo;
    } catch {
      throw appError('passkey_failed');
    }
    return database.transaction(async (tx) => {
      await tx.insert(passkeys).values({
        id: info.credential.id,
        principalKind: session.principalKind,
        principalId: session.principalId,
        name: name?.trim() || 'Passkey',
        publicKey: Buffer.from(info.credential.publicKey),
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
      });
      await tx.update(sessions).set({ challenge: null }).where(eq(sessions.id, session.id));
      return finishEnrolment(tx, resolved, meta, 'passkey');
    });
  }

  async function regenerateRecoveryCodes(resolved: ResolvedSession, meta: ClientMeta) {
    const { session } = resolved;
    return database.transaction(async (tx) => {
      const codes = await newRecoveryCodes(tx, session.principalKind, session.principalId);
      await accountEvent(tx, resolved, meta, 'auth.recovery_codes_regenerated');
      return codes;
    });
  }

  // ---------- sessions: list, logout, revoke ----------

  async function listSessions(kind: PrincipalKind, id: string) {
    return database.db
      .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, ip: sessions.ip, userAgent: sessions.userAgent })
      .from(sessions)
      .where(
        and(
          eq(sessions.principalKind, kind),
          eq(sessions.principalId, id),
          eq(sessions.stage, 'active'),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, new Date()),
        ),
      )
      .orderBy(sql`${sessions.lastSeenAt} desc`);
  }

  /** Revokes one session of the principal (or all when sessionId is undefined). Returns how many. */
  async function revokeSessions(
    by: { actor: Actor; requestId: string },
    kind: PrincipalKind,
    principalId: string,
    sessionId?: string,
  ): Promise<number> {
    const revoked = await database.transaction(async (tx) => {
      const conditions = [eq(sessions.principalKind, kind), eq(sessions.principalId, principalId), isNull(sessions.revokedAt)];
      if (sessionId) conditions.push(eq(sessions.id, sessionId));
      const revoked = await tx.update(sessions).set({ revokedAt: new Date() }).where(and(...conditions)).returning({ id: sessions.id });
      if (revoked.length > 0) {
        await audit.append(tx, {
          actor: auditActorOf(by.actor),
          action: sessionId ? 'auth.session_revoked' : 'auth.sessions_revoked',
          targetKind: kind,
          targetId: principalId,
          channel: channelOf(by.actor.kind),
          requestId: by.requestId,
          details: { count: revoked.length },
        });
      }
      return revoked.length;
    });
    forgetRecentSessions();
    return revoked;
  }

  async function logout(session: SessionRow) {
    await database.db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, session.id));
    forgetRecentSessions();
  }

  // ---------- who am I ----------

  async function me(resolved: ResolvedSession) {
    const { actor, session } = resolved;
    const account = await loadAccount(database.db, session.principalKind, session.principalId);
    const keys = await userPasskeys(database.db, session.principalKind, session.principalId);
    const [left] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.principalKind, session.principalKind), eq(recoveryCodes.principalId, session.principalId), isNull(recoveryCodes.usedAt)));
    const secondFactors = {
      totp: Boolean(account?.totpEnabledAt),
      passkeys: keys.map((k) => ({ id: k.id, name: k.name, createdAt: k.createdAt.toISOString() })),
      recoveryCodesLeft: left?.n ?? 0,
    };
    if (actor.kind === 'staff') {
      const [dept] = await database.db.select().from(departments).where(eq(departments.id, actor.departmentId)).limit(1);
      return {
        kind: 'staff' as const,
        id: actor.id,
        displayName: actor.name,
        username: account ? (account as { username?: string }).username : undefined,
        roles: actor.roles,
        department: dept
          ? { id: dept.id, name: dept.name, regionCode: dept.regionCode, regionName: regions.fullName(dept.regionCode) }
          : undefined,
        secondFactors,
      };
    }
    const [c] = await database.db.select().from(citizens).where(eq(citizens.id, actor.id)).limit(1);
    return {
      kind: 'citizen' as const,
      id: actor.id,
      displayName: actor.name,
      roles: [] as Role[],
      idNumberMasked: c ? maskIdNumber(crypto.decrypt(c.idNumberEnc)) : undefined,
      birthDate: c?.birthDate,
      sex: c?.sex,
      regionCode: c?.regionCode,
      regionName: c ? regions.fullName(c.regionCode) : undefined,
      phoneMasked: c?.phoneEnc ? maskPhone(crypto.decrypt(c.phoneEnc)) : undefined,
      secondFactors,
    };
  }

  return {
    staffLogin,
    citizenLogin,
    citizenSignup,
    resolveSession,
    loginWithTotp,
    loginWithRecoveryCode,
    passkeyLoginOptions,
    loginWithPasskey,
    startTotpEnrolment,
    confirmTotpEnrolment,
    passkeyEnrolmentOptions,
    confirmPasskeyEnrolment,
    regenerateRecoveryCodes,
    listSessions,
    revokeSessions,
    logout,
    me,
    /** For staff management: creates the stored password hash. */
    hashPassword,
    isStrongEnough,
  };
}
