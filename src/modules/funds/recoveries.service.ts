import { and, count, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext } from '@core/access/guard.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { RegistryReader } from '@modules/registry';
import type { recoveryStatuses } from './funds.tables.ts';
import { recoveryOrders } from './funds.tables.ts';
import type { Ledger } from './ledger.service.ts';
import { fundsError } from './funds.errors.ts';

export type RecoveryStatus = (typeof recoveryStatuses)[number];
export type RecoveriesService = ReturnType<typeof createRecoveriesService>;

/**
 * Recovery of benefits paid that were not due (追回), e.g. pensions paid after a death: the
 * orders the payroll opened, what has been paid back (each repayment once, by its bank
 * reference), and a waiver with its reason when nothing can be recovered.
 */
export function createRecoveriesService(platform: Platform, deps: { registry: RegistryReader; ledger: Ledger }) {
  const { database, guard, audit, regions } = platform;

  type Row = typeof recoveryOrders.$inferSelect;
  async function dtos(db: Db, rows: Row[]) {
    const people = await deps.registry.persons(db, rows.map((r) => r.personId));
    return rows.map((r) => ({
      id: r.id,
      personId: r.personId,
      name: people.get(r.personId)?.name ?? '',
      idNumberMasked: people.get(r.personId)?.idNumberMasked ?? '',
      region: r.region,
      regionName: regions.fullName(r.region),
      reason: r.reason,
      amountFen: r.amountFen,
      recoveredFen: r.recoveredFen,
      outstandingFen: r.amountFen - r.recoveredFen,
      status: r.status,
      evidence: r.evidence,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  async function list(ctx: RequestContext, q: { status?: RecoveryStatus | undefined; page: number; pageSize: number }) {
    await guard.require(ctx, 'pension:read');
    const where: SQL[] = [like(recoveryOrders.region, `${guard.scope(ctx)}%`)];
    if (q.status) where.push(eq(recoveryOrders.status, q.status));
    const filter = and(...where);
    const rows = await database.db.select().from(recoveryOrders).where(filter).orderBy(desc(recoveryOrders.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const total = (await database.db.select({ n: count() }).from(recoveryOrders).where(filter))[0]?.n ?? 0;
    return { items: await dtos(database.db, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async function inScope(ctx: RequestContext, id: string) {
    const [row] = await database.db.select().from(recoveryOrders).where(eq(recoveryOrders.id, id));
    const actor = await guard.require(ctx, 'pension:manage', { kind: 'recovery_order', id, regionCode: row?.region ?? NO_SUCH_TARGET, subjectId: row?.personId });
    if (!row) throw fundsError('recovery_not_found');
    return { row, actor };
  }

  /**
   * Books money paid back. The bank reference makes a repayment count once; the ledger gets
   * it back as a reduction of benefit expenditure, in the month it arrived.
   */
  async function repay(ctx: RequestContext, id: string, input: { amountFen: number; receivedOn: string; reference: string }) {
    const { row, actor } = await inScope(ctx, id);
    if (row.status !== 'open') throw fundsError('recovery_not_found', { detail: `the order is ${row.status}` });
    if (input.receivedOn > chinaDate(new Date())) throw fundsError('invalid_amount', { detail: 'a repayment cannot arrive in the future' });
    if (input.amountFen > row.amountFen - row.recoveredFen) throw fundsError('recovery_exceeds', { detail: `outstanding ${row.amountFen - row.recoveredFen} fen` });
    return database.transaction(async (tx) => {
      const booked = await deps.ledger.post(tx, {
        fund: 'employee_pension',
        region: row.region,
        period: input.receivedOn.slice(0, 7),
        kind: 'recovery',
        memo: `追回多发待遇 ${input.reference.trim()}`,
        sourceRef: `${id}:${input.reference.trim()}`,
        lines: [
          { account: 'bank_deposit', debitFen: input.amountFen },
          { account: 'benefit_expense', creditFen: input.amountFen },
        ],
      });
      if (!booked.posted) throw fundsError('payment_exists', { detail: 'this repayment reference is already booked' });
      const [updated] = await tx
        .update(recoveryOrders)
        .set({
          recoveredFen: sql`${recoveryOrders.recoveredFen} + ${input.amountFen}`,
          status: sql`case when ${recoveryOrders.recoveredFen} + ${input.amountFen} = ${recoveryOrders.amountFen} then 'recovered' else 'open' end`,
          updatedAt: new Date(),
        })
        .where(and(eq(recoveryOrders.id, id), eq(recoveryOrders.status, 'open'), sql`${recoveryOrders.recoveredFen} + ${input.amountFen} <= ${recoveryOrders.amountFen}`))
        .returning();
      if (!updated) throw fundsError('recovery_exceeds');
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'recovery.repaid',
        targetKind: 'recovery_order',
        targetId: id,
        subjectId: row.personId,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { amountFen: input.amountFen, receivedOn: input.receivedOn, reference: input.reference.trim() },
      });
      return (await dtos(tx, [updated]))[0]!;
    });
  }

  /** Waives what is left (e.g. no estate to recover from), with the reason; audited. */
  async function waive(ctx: RequestContext, id: string, input: { reason: string }) {
    const { row, actor } = await inScope(ctx, id);
    if (row.status !== 'open') throw fundsError('recovery_not_found', { detail: `the order is ${row.status}` });
    return database.transaction(async (tx) => {
      const [updated] = await tx
        .update(recoveryOrders)
        .set({ status: 'waived', updatedAt: new Date(), evidence: { ...row.evidence, waivedBecause: input.reason.trim() } })
        .where(and(eq(recoveryOrders.id, id), eq(recoveryOrders.status, 'open')))
        .returning();
      if (!updated) throw fundsError('recovery_not_found');
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'recovery.waived',
        targetKind: 'recovery_order',
        targetId: id,
        subjectId: row.personId,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { outstandingFen: row.amountFen - row.recoveredFen, reason: input.reason.trim() },
      });
      return (await dtos(tx, [updated]))[0]!;
    });
  }

  return { list, repay, waive };
}
