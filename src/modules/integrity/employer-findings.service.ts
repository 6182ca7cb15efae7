import { and, count, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext } from '@core/access/guard.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { RegistryReader } from '@modules/registry';
import { employerFindings, type EmployerFindingKind, type EmployerFindingStatus } from './integrity.tables.ts';
import { integrityError } from './integrity.errors.ts';

export type EmployerFindingsService = ReturnType<typeof createEmployerFindingsService>;
type Row = typeof employerFindings.$inferSelect;

export interface EmployerFindingInput {
  kind: EmployerFindingKind;
  description: string;
  occurredOn: string;
  amountFen?: number;
}

/**
 * Fraud by employers (用人单位骗保): a member of staff records what was found, with when it
 * happened and the money involved; a department head or supervisor other than them confirms or
 * dismisses it, with a note. Both steps are audited; confirmed findings lower the employer's
 * credit rating under the rule version in force (`employer.fraud`).
 */
export function createEmployerFindingsService(platform: Platform, deps: { registry: RegistryReader }) {
  const { database, guard, audit, regions } = platform;

  async function employerInScope(ctx: RequestContext, action: 'integrity:read' | 'integrity:raise', employerId: string) {
    const employer = (await deps.registry.employersById(database.db, [employerId])).get(employerId);
    const actor = await guard.require(ctx, action, { kind: 'employer', id: employerId, regionCode: employer?.region ?? NO_SUCH_TARGET });
    if (!employer) throw integrityError('employer_not_found');
    return { employer, actor };
  }

  function dto(r: Row, names: Map<string, { name: string; creditCode: string }>) {
    return {
      id: r.id,
      employerId: r.employerId,
      employerName: names.get(r.employerId)?.name ?? '',
      creditCode: names.get(r.employerId)?.creditCode ?? '',
      region: r.region,
      regionName: regions.fullName(r.region),
      kind: r.kind,
      description: r.description,
      occurredOn: r.occurredOn,
      amountFen: r.amountFen,
      status: r.status,
      raisedBy: r.raisedBy,
      raisedByName: r.raisedByName,
      decidedBy: r.decidedBy,
      decidedByName: r.decidedByName,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionNote: r.decisionNote,
      createdAt: r.createdAt.toISOString(),
    };
  }

  async function dtos(db: Db, rows: Row[]) {
    const names = await deps.registry.employersById(db, rows.map((r) => r.employerId));
    return rows.map((r) => dto(r, names));
  }

  async function raise(ctx: RequestContext, employerId: string, input: EmployerFindingInput) {
    const { employer, actor } = await employerInScope(ctx, 'integrity:raise', employerId);
    const description = input.description.trim();
    if (description.length === 0) throw integrityError('finding_description_empty');
    if (input.occurredOn > chinaDate(new Date())) throw integrityError('finding_in_future');
    return database.transaction(async (tx) => {
      const [row] = await tx
        .insert(employerFindings)
        .values({ employerId, region: employer.region, kind: input.kind, description, occurredOn: input.occurredOn, amountFen: input.amountFen ?? 0, raisedBy: actor.id, raisedByName: actor.name })
        .returning();
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'integrity.employer_finding_raised',
        targetKind: 'employer',
        targetId: employerId,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { findingId: row!.id, kind: input.kind, occurredOn: input.occurredOn, amountFen: row!.amountFen },
      });
      return dto(row!, new Map([[employerId, employer]]));
    });
  }

  async function decide(ctx: RequestContext, id: number, input: { decision: 'confirm' | 'dismiss'; note: string }) {
    const [row] = await database.db.select().from(employerFindings).where(eq(employerFindings.id, id));
    const actor = await guard.require(ctx, 'integrity:review', { kind: 'employer_finding', id: String(id), regionCode: row?.region ?? NO_SUCH_TARGET });
    if (!row) throw integrityError('finding_not_found');
    if (row.status !== 'open') throw integrityError('finding_decided');
    // Four eyes: whoever recorded the suspicion does not also decide it.
    if (row.raisedBy === actor.id) throw integrityError('finding_own');
    const status: EmployerFindingStatus = input.decision === 'confirm' ? 'confirmed' : 'dismissed';
    return database.transaction(async (tx) => {
      const [updated] = await tx
        .update(employerFindings)
        .set({ status, decidedBy: actor.id, decidedByName: actor.name, decidedAt: new Date(), decisionNote: input.note.trim() })
        .where(and(eq(employerFindings.id, id), eq(employerFindings.status, 'open')))
        .returning();
      if (!updated) throw integrityError('finding_decided');
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: `integrity.employer_finding_${status}`,
        targetKind: 'employer',
        targetId: row.employerId,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { findingId: id, kind: row.kind, note: input.note.trim(), amountFen: row.amountFen },
      });
      return (await dtos(tx, [updated]))[0]!;
    });
  }

  /** One employer's findings, newest first. */
  async function ofEmployer(ctx: RequestContext, employerId: string) {
    await employerInScope(ctx, 'integrity:read', employerId);
    return { items: await dtos(database.db, await database.db.select().from(employerFindings).where(eq(employerFindings.employerId, employerId)).orderBy(desc(employerFindings.id))) };
  }

  /** The findings of my region, newest first, optionally by status. */
  async function list(ctx: RequestContext, q: { status?: EmployerFindingStatus; page: number; pageSize: number }) {
    await guard.require(ctx, 'integrity:read');
    const filter = and(like(employerFindings.region, `${guard.scope(ctx)}%`), q.status ? eq(employerFindings.status, q.status) : undefined);
    const rows = await database.db.select().from(employerFindings).where(filter).orderBy(desc(employerFindings.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const total = (await database.db.select({ n: count() }).from(employerFindings).where(filter))[0]?.n ?? 0;
    return { items: await dtos(database.db, rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** Confirmed findings per employer, for the credit ratings. */
  async function confirmedCounts(employerIds: readonly string[]): Promise<Map<string, number>> {
    if (employerIds.length === 0) return new Map();
    const rows = await database.db
      .select({ employerId: employerFindings.employerId, n: sql<number>`count(*)::int` })
      .from(employerFindings)
      .where(and(inArray(employerFindings.employerId, [...employerIds]), eq(employerFindings.status, 'confirmed')))
      .groupBy(employerFindings.employerId);
    return new Map(rows.map((r) => [r.employerId, r.n]));
  }

  return { raise, decide, ofEmployer, list, confirmedCounts };
}
