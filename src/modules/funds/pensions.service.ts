import { and, asc, count, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext, type StaffActor } from '@core/access/guard.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { RegistryReader } from '@modules/registry';
import type { PolicyService } from './policy.service.ts';
import { declarations, individualAccounts, monthsDivisors, pensions, type PensionStatus } from './funds.tables.ts';
import { averageContributionIndex, monthlyPension } from './calculators.ts';
import { fundsError } from './funds.errors.ts';

/** 国发〔1997〕26号: a monthly basic pension needs at least 15 years of contributions. */
export const MIN_CONTRIBUTION_MONTHS = 180;

export interface GrantInput {
  personId: string;
  retirementAge: number;
  /** First month paid. */
  startPeriod: string;
  /** Provincial average monthly wage of the year before retirement; looked up when not given. */
  averageWageFen?: number | undefined;
  /** Average contribution index (1/10000); computed from paid declarations when not given. */
  indexBp4?: number | undefined;
  /** Contribution months, including those deemed paid before accounts existed (视同缴费); the account's when not given. */
  contributionMonths?: number | undefined;
}

export type PensionRow = typeof pensions.$inferSelect;
export type PensionsService = ReturnType<typeof createPensionsService>;

/** Months from `from` up to, not including, `to` (both YYYY-MM). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

export function currentPeriod(now = new Date()): string {
  return chinaDate(now).slice(0, 7);
}

/**
 * Urban employee basic pensions (城镇职工基本养老金): the entitlement from the formula of
 * 国发〔2005〕38号, with its inputs kept so anyone can recompute it, and the pension's status.
 */
export function createPensionsService(platform: Platform, deps: { registry: RegistryReader; policy: PolicyService }) {
  const { database, guard, audit, regions } = platform;
  const { registry, policy } = deps;
  /** The average wage that applies to a region in a year (policy walks up to the nearest region that has one). */
  const averageWageFor = async (db: Db, region: string, year: number) => (await policy.averageWageFor(db, region, year))?.averageMonthlyWageFen;

  /** The index over the person's paid declarations, each month against its year's average wage. */
  async function indexFromDeclarations(db: Db, personId: string): Promise<number | undefined> {
    const rows = await db
      .select({ period: declarations.period, baseFen: declarations.baseFen, region: declarations.region })
      .from(declarations)
      .where(and(eq(declarations.personId, personId), eq(declarations.status, 'paid')));
    if (rows.length === 0) return undefined;
    const months: { baseFen: number; averageWageFen: number }[] = [];
    // A working life has hundreds of months but few distinct regions and years: look each up once.
    const wages = new Map<string, Promise<number | undefined>>();
    for (const r of rows) {
      const key = `${r.region}:${r.period.slice(0, 4)}`;
      if (!wages.has(key)) wages.set(key, averageWageFor(db, r.region, Number(r.period.slice(0, 4))));
      const wage = await wages.get(key);
      if (!wage) throw fundsError('average_wage_missing', { detail: `${r.region} ${r.period.slice(0, 4)}` });
      months.push({ baseFen: r.baseFen, averageWageFen: wage });
    }
    return averageContributionIndex(months);
  }

  function audited(actor: StaffActor, ctx: RequestContext, pension: { id: string; personId: string }, action: string, details: Record<string, unknown>) {
    return {
      actor: auditActorOf(actor),
      action,
      targetKind: 'pension',
      targetId: pension.id,
      subjectId: pension.personId,
      channel: ctx.channel,
      requestId: ctx.requestId,
      details,
    };
  }

  async function dto(db: Db, rows: PensionRow[]) {
    const people = await registry.persons(db, rows.map((r) => r.personId));
    const accounts = await registry.benefitAccounts(db, rows.map((r) => r.personId));
    return rows.map((p) => {
      const person = people.get(p.personId);
      const account = accounts.get(p.personId);
      return {
        id: p.id,
        personId: p.personId,
        name: person?.name ?? '',
        idNumberMasked: person?.idNumberMasked ?? '',
        region: p.region,
        regionName: regions.fullName(p.region),
        scheme: p.scheme,
        status: p.status,
        basicFen: p.basicFen,
        accountFen: p.accountFen,
        monthlyFen: p.monthlyFen,
        arrearsFen: p.arrearsFen,
        startPeriod: p.startPeriod,
        retirementAge: p.retirementAge,
        basis: p.basis,
        suspendedFrom: p.suspendedFrom,
        statusReason: p.statusReason,
        bankName: account?.bankName ?? null,
        accountNumberMasked: account?.accountNumberMasked ?? null,
        accountVerified: Boolean(account?.verifiedAt),
      };
    });
  }

  /** Grants a pension: computes the entitlement and starts payment from `startPeriod`. */
  async function grant(ctx: RequestContext, input: GrantInput) {
    const person = await registry.person(database.db, input.personId);
    const actor = await guard.require(ctx, 'pension:manage', { kind: 'person', id: input.personId, regionCode: person?.householdRegion ?? NO_SUCH_TARGET, subjectId: input.personId });
    if (!person) throw fundsError('person_not_found');
    if (person.status !== 'alive') throw fundsError('person_not_found', { detail: 'the person is recorded as deceased' });
    if (!Number.isInteger(input.retirementAge) || input.retirementAge < 40 || input.retirementAge > 70) throw fundsError('not_retirement_age');
    const [divisor] = await database.db.select().from(monthsDivisors).where(eq(monthsDivisors.retirementAge, input.retirementAge));
    if (!divisor) throw fundsError('not_retirement_age', { detail: `no months divisor for age ${input.retirementAge}` });
    const [account] = await database.db.select().from(individualAccounts).where(eq(individualAccounts.personId, input.personId));
    const months = input.contributionMonths ?? account?.contributionMonths ?? 0;
    if (months < MIN_CONTRIBUTION_MONTHS) throw fundsError('too_few_contribution_years', { detail: `${months} months` });
    // The figure set for the retirement year is the one published for the year before (上年度社平工资).
    const wageYear = Number(input.startPeriod.slice(0, 4));
    const averageWageFen = input.averageWageFen ?? (await averageWageFor(database.db, person.householdRegion, wageYear));
    if (!averageWageFen) throw fundsError('average_wage_missing', { detail: `${person.householdRegion} ${wageYear}` });
    const indexBp4 = input.indexBp4 ?? (await indexFromDeclarations(database.db, input.personId));
    if (indexBp4 === undefined) throw fundsError('average_wage_missing', { detail: 'no paid contributions to compute the index from: enter the verified index' });
    const balanceFen = account?.balanceFen ?? 0;
    const amounts = monthlyPension({ provincialAverageWageFen: averageWageFen, indexBp4, contributionMonths: months, accountBalanceFen: balanceFen, retirementAge: input.retirementAge });
    const basis = {
      averageWageFen,
      averageWageSource: input.averageWageFen === undefined ? `average wage ${wageYear - 1}` : 'entered',
      indexBp4,
      indexSource: input.indexBp4 === undefined ? 'paid declarations' : 'entered',
      contributionMonths: months,
      monthsSource: input.contributionMonths === undefined ? 'individual account' : 'entered',
      accountBalanceFen: balanceFen,
      monthsDivisor: divisor.months,
      formula: '(average wage + average wage × index) ÷ 2 × years × 1% + balance ÷ divisor (国发〔2005〕38号)',
    };
    return database.transaction(async (tx) => {
      const [row] = await tx
        .insert(pensions)
        .values({
          personId: input.personId,
          region: person.householdRegion,
          basicFen: amounts.basicFen,
          accountFen: amounts.accountFen,
          monthlyFen: amounts.totalFen,
          startPeriod: input.startPeriod,
          retirementAge: input.retirementAge,
          basis,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw fundsError('pension_exists');
      await registry.addToDossier(tx, { byKind: 'staff', byId: actor.id, byName: actor.name }, [
        { personId: row.personId, kind: 'pension.granted', entity: 'pension', entityId: row.id, changes: { monthlyFen: [null, row.monthlyFen], startPeriod: [null, row.startPeriod] } },
      ]);
      await audit.append(tx, audited(actor, ctx, row, 'pension.granted', { monthlyFen: row.monthlyFen, basis }));
      return (await dto(tx, [row]))[0]!;
    });
  }

  async function loadForChange(ctx: RequestContext, id: string) {
    const [row] = await database.db.select().from(pensions).where(eq(pensions.id, id));
    const actor = await guard.require(ctx, 'pension:manage', { kind: 'pension', id, regionCode: row?.region ?? NO_SUCH_TARGET, subjectId: row?.personId });
    if (!row) throw fundsError('pension_not_found');
    return { row, actor };
  }

  /**
   * Suspends, resumes or stops a pension with a reason. Resuming owes the months suspended
   * (补发) when the reason for suspending no longer holds; the next payroll run pays them.
   */
  async function changeStatus(ctx: RequestContext, id: string, change: { to: PensionStatus; period: string; reason: string; payArrears?: boolean | undefined }) {
    const { row, actor } = await loadForChange(ctx, id);
    const allowed: Record<PensionStatus, PensionStatus[]> = { active: ['suspended', 'stopped'], suspended: ['active', 'stopped'], stopped: [] };
    if (!allowed[row.status].includes(change.to)) throw fundsError('pension_transition', { detail: `${row.status} → ${change.to}` });
    const arrearsMonths = change.to === 'active' && change.payArrears && row.suspendedFrom ? Math.max(0, monthsBetween(row.suspendedFrom, change.period)) : 0;
    const arrearsFen = arrearsMonths * row.monthlyFen;
    return database.transaction(async (tx) => {
      const [updated] = await tx
        .update(pensions)
        .set({
          status: change.to,
          statusReason: change.reason.trim(),
          suspendedFrom: change.to === 'suspended' ? change.period : null,
          arrearsFen: sql`${pensions.arrearsFen} + ${arrearsFen}`,
          updatedAt: new Date(),
        })
        .where(and(eq(pensions.id, id), eq(pensions.status, row.status)))
        .returning();
      if (!updated) throw fundsError('pension_transition', { detail: 'the pension changed meanwhile' });
      await registry.addToDossier(tx, { byKind: 'staff', byId: actor.id, byName: actor.name }, [
        { personId: row.personId, kind: `pension.${change.to}`, entity: 'pension', entityId: row.id, changes: { status: [row.status, change.to] }, reason: change.reason.trim() },
      ]);
      await audit.append(tx, audited(actor, ctx, row, `pension.${change.to}`, { from: row.status, period: change.period, arrearsMonths, arrearsFen, reason: change.reason.trim() }));
      return (await dto(tx, [updated]))[0]!;
    });
  }

  async function get(ctx: RequestContext, id: string) {
    const [row] = await database.db.select().from(pensions).where(eq(pensions.id, id));
    const actor = await guard.require(ctx, 'pension:read', { kind: 'pension', id, regionCode: row?.region ?? NO_SUCH_TARGET, subjectId: row?.personId });
    if (!row) throw fundsError('pension_not_found');
    await audit.record({ ...audited(actor, ctx, row, 'pension.viewed', {}) });
    return (await dto(database.db, [row]))[0]!;
  }

  async function search(ctx: RequestContext, q: { status?: PensionStatus | undefined; regionCode?: string | undefined; personId?: string | undefined; page: number; pageSize: number }) {
    await guard.require(ctx, 'pension:read', q.regionCode ? { kind: 'region', regionCode: q.regionCode } : undefined);
    const where: SQL[] = [like(pensions.region, `${q.regionCode ?? guard.scope(ctx)}%`)];
    if (q.status) where.push(eq(pensions.status, q.status));
    if (q.personId) where.push(eq(pensions.personId, q.personId));
    const filter = and(...where);
    const rows = await database.db
      .select()
      .from(pensions)
      .where(filter)
      .orderBy(desc(pensions.createdAt), asc(pensions.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    const total = (await database.db.select({ n: count() }).from(pensions).where(filter))[0]?.n ?? 0;
    return { items: await dto(database.db, rows), total, page: q.page, pageSize: q.pageSize };
  }

  return { grant, changeStatus, get, search };
}
