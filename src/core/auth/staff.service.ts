import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { containsPattern } from '../db/like.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { Regions } from '../regions/regions.service.ts';
import type { Auth } from './auth.service.ts';
import { auditActorOf, NO_SUCH_TARGET, type Guard, type RequestContext } from '../access/guard.ts';
import { departments } from '../access/access.tables.ts';
import { adminRoleConflict, type Role } from '../access/roles.ts';
import { appError } from '../http/errors.ts';
import { passkeys, staff } from './auth.tables.ts';

export type StaffAdmin = ReturnType<typeof createStaffAdmin>;

/** Staff accounts and departments, each limited to the acting administrator's region. */
export function createStaffAdmin(deps: { database: Database; audit: Audit; guard: Guard; auth: Auth; regions: Regions }) {
  const { database, audit, guard, auth, regions } = deps;

  async function listDepartments(ctx: RequestContext) {
    await guard.require(ctx, 'department:list');
    const rows = await database.db
      .select()
      .from(departments)
      .where(sql`${departments.regionCode} like ${guard.scope(ctx) + '%'}`)
      .orderBy(asc(departments.regionCode), asc(departments.name));
    return rows.map((d) => ({ id: d.id, name: d.name, regionCode: d.regionCode, regionName: regions.fullName(d.regionCode) }));
  }

  async function list(ctx: RequestContext, q: { q?: string | undefined; page: number; pageSize: number }) {
    await guard.require(ctx, 'staff:list');
    const where: SQL[] = [sql`${departments.regionCode} like ${guard.scope(ctx) + '%'}`];
    if (q.q) {
      const like = containsPattern(q.q);
      where.push(or(ilike(staff.username, like), ilike(staff.displayName, like))!);
    }
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db
        .select({
          s: staff,
          d: departments,
          passkeyCount: sql<number>`(select count(*)::int from ${passkeys} where ${passkeys.principalKind} = 'staff' and ${passkeys.principalId} = ${staff.id})`,
        })
        .from(staff)
        .innerJoin(departments, eq(departments.id, staff.departmentId))
        .where(filter)
        .orderBy(asc(departments.regionCode), asc(staff.username))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(staff).innerJoin(departments, eq(departments.id, staff.departmentId)).where(filter),
    ]);
    const now = new Date();
    return {
      items: rows.map(({ s, d, passkeyCount }) => ({
        id: s.id,
        username: s.username,
        displayName: s.displayName,
        roles: s.roles,
        departmentId: d.id,
        departmentName: d.name,
        regionCode: d.regionCode,
        regionName: regions.fullName(d.regionCode),
        locked: Boolean(s.lockedUntil && s.lockedUntil > now),
        secondFactorEnrolled: Boolean(s.totpEnabledAt) || passkeyCount > 0,
        disabled: s.disabled,
      })),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** The staff member, if they are inside the actor's region; a 404 otherwise. */
  async function findInScope(ctx: RequestContext, action: 'staff:unlock' | 'staff:revoke_sessions', id: string) {
    const [row] = await database.db
      .select({ id: staff.id, regionCode: departments.regionCode })
      .from(staff)
      .innerJoin(departments, eq(departments.id, staff.departmentId))
      .where(eq(staff.id, id))
      .limit(1);
    const actor = await guard.require(ctx, action, { kind: 'staff', id, regionCode: row?.regionCode ?? NO_SUCH_TARGET });
    if (!row) throw appError('not_found');
    return { actor, row };
  }

  async function create(
    ctx: RequestContext,
    input: { username: string; displayName: string; departmentId: string; roles: Role[]; password: string },
  ) {
    const conflict = adminRoleConflict(input.roles);
    if (conflict) throw appError('admin_roles_not_separable', { detail: `roles ${conflict.join(' + ')} cannot be combined` });
    if (!auth.isStrongEnough(input.password)) throw appError('weak_password');
    const [dept] = await database.db.select().from(departments).where(eq(departments.id, input.departmentId)).limit(1);
    const actor = await guard.require(ctx, 'staff:create', { kind: 'department', id: input.departmentId, regionCode: dept?.regionCode ?? NO_SUCH_TARGET });
    if (!dept) throw appError('unknown_department');
    const passwordHash = await auth.hashPassword(input.password);
    return database.transaction(async (tx) => {
      const [taken] = await tx.select({ id: staff.id }).from(staff).where(sql`lower(${staff.username}) = lower(${input.username})`).limit(1);
      if (taken) throw appError('username_taken');
      const [row] = await tx
        .insert(staff)
        .values({ username: input.username, displayName: input.displayName, departmentId: dept.id, roles: [...new Set(input.roles)], passwordHash })
        .returning({ id: staff.id });
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'staff.created',
        targetKind: 'staff',
        targetId: row!.id,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { username: input.username, roles: input.roles, departmentId: dept.id },
      });
      return { id: row!.id };
    });
  }

  async function unlock(ctx: RequestContext, id: string) {
    const { actor } = await findInScope(ctx, 'staff:unlock', id);
    await database.transaction(async (tx) => {
      // The lockout level stays: only a successful login resets it, so repeated guessing keeps doubling.
      await tx.update(staff).set({ failedAttempts: 0, lockedUntil: null }).where(eq(staff.id, id));
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'staff.unlocked',
        targetKind: 'staff',
        targetId: id,
        channel: ctx.channel,
        requestId: ctx.requestId,
      });
    });
  }

  async function revokeSessions(ctx: RequestContext, id: string) {
    const { actor } = await findInScope(ctx, 'staff:revoke_sessions', id);
    return auth.revokeSessions({ actor, requestId: ctx.requestId }, 'staff', id);
  }

  /** The department each staff member works in, for showing citizens who looked at their data. */
  async function departmentsOf(staffIds: readonly string[]): Promise<Map<string, { departmentName: string; regionCode: string }>> {
    if (staffIds.length === 0) return new Map();
    const rows = await database.db
      .select({ id: staff.id, departmentName: departments.name, regionCode: departments.regionCode })
      .from(staff)
      .innerJoin(departments, eq(departments.id, staff.departmentId))
      .where(inArray(staff.id, [...staffIds]));
    return new Map(rows.map((r) => [r.id, { departmentName: r.departmentName, regionCode: r.regionCode }]));
  }

  return { listDepartments, list, create, unlock, revokeSessions, departmentsOf };
}
