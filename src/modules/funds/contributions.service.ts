import { and, asc, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext, type StaffActor } from '@core/access/guard.ts';
import type { AuditEvent } from '@core/audit/audit.service.ts';
import { AppError, appError } from '@core/http/errors.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { EmployerFacts, PersonFacts, RegistryReader } from '@modules/registry';
import { declarationLines, declarations, employerPayments, fundKinds, paymentAllocations, type FundKind, type Payer } from './funds.tables.ts';
import { contributionAmount, contributionBase, lateDays, lateFee } from './calculators.ts';
import { fundsError } from './funds.errors.ts';
import type { Ledger, LedgerLine } from './ledger.service.ts';
import type { EffectiveRate, EffectiveWage, PolicyService } from './policy.service.ts';
import type { AccountCredit, AccountsService } from './accounts.service.ts';

/** The schemes an employer declares for its employees (社会保险法 chs. 2–6); the resident schemes are paid by residents. */
export const employeeSchemes = ['employee_pension', 'employee_medical', 'unemployment', 'work_injury', 'maternity'] as const satisfies readonly FundKind[];
export const MAX_BATCH_ROWS = 1000;

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The order in which a partly paid declaration's principal is applied to its lines: by scheme as
 * the funds are listed, the employee's share before the employer's. Only a declaration's paid
 * total is stored; each line's paid part is derived from it in this order, so every payment's
 * share of every fund (and of the person's own account) can be recomputed from the rows.
 */
const LINE_ORDER: readonly `${FundKind}:${Payer}`[] = fundKinds.flatMap((k) => [`${k}:employee` as const, `${k}:employer` as const]);
const lineRank = (l: { scheme: FundKind; payer: Payer }) => LINE_ORDER.indexOf(`${l.scheme}:${l.payer}`);

type DeclarationRow = typeof declarations.$inferSelect;
type LineRow = typeof declarationLines.$inferSelect;

interface Rows<T> {
  rows: T[];
}

/** What one declaration comes to, before it is written. */
interface Assessed {
  person: PersonFacts;
  declaredWageFen: number;
  wage: EffectiveWage;
  base: ReturnType<typeof contributionBase>;
  lines: { scheme: FundKind; payer: Payer; rateBp: number; amountFen: number; rateRegion: string }[];
  employerFen: number;
  employeeFen: number;
  totalFen: number;
}

export interface BatchRowResult {
  index: number;
  personId: string;
  status: 'declared' | 'valid' | 'rejected';
  declarationId?: string;
  baseFen?: number;
  clamped?: 'floor' | 'cap' | null;
  totalFen?: number;
  code?: string;
  message?: { zh: string; en: string };
  detail?: string;
}

export interface BatchAnswer {
  ok: boolean;
  employerId: string;
  period: string;
  count: number;
  declared: number;
  rejected: number;
  employerFen: number;
  employeeFen: number;
  totalFen: number;
  rows: BatchRowResult[];
}

/** 缴费期限: the contribution of a month is due by the 15th of the month after it. */
export function dueDateOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-15` : `${y}-${String(m + 1).padStart(2, '0')}-15`;
}

/**
 * Splits `total` fen in proportion to `weights`, by largest remainder (ties to the earlier
 * weight), so the parts are whole fen and add up to the total exactly.
 */
export function splitProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const t = BigInt(total);
  const s = BigInt(sum);
  const parts = weights.map((w) => (t * BigInt(w)) / s);
  let left = total - parts.reduce((a, b) => a + Number(b), 0);
  const order = weights.map((w, i) => ({ i, rem: (t * BigInt(w)) % s })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of order) {
    if (left === 0) break;
    parts[i]! += 1n;
    left--;
  }
  return parts.map(Number);
}

export type ContributionsService = ReturnType<typeof createContributionsService>;

/**
 * Contribution collection (征缴): employers declare each employee's monthly wage (申报), the
 * contribution is computed from the region's floor, cap and rates, and money paid in (到账) is
 * allocated to the oldest declarations first. A declaration fully paid credits the employee's
 * individual account; every payment is posted to each fund's ledger with one line per person.
 */
export function createContributionsService(platform: Platform, deps: { registry: RegistryReader; ledger: Ledger; policy: PolicyService; accounts: AccountsService }) {
  const { database, guard, audit, regions } = platform;
  const { registry, ledger, policy, accounts } = deps;

  const today = () => chinaDate(new Date());
  const byWhom = (actor: StaffActor) => ({ byKind: 'staff', byId: actor.id, byName: actor.name });

  function checkPeriod(period: string) {
    if (!PERIOD.test(period) || period > today().slice(0, 7)) throw fundsError('invalid_period', { detail: period });
  }

  async function loadEmployer(ctx: RequestContext, action: 'contribution:read' | 'contribution:declare' | 'contribution:collect', id: string) {
    const employer = await registry.employer(database.db, id);
    const actor = await guard.require(ctx, action, { kind: 'employer', id, regionCode: employer?.region ?? NO_SUCH_TARGET });
    if (!employer) throw fundsError('employer_not_found');
    return { employer, actor };
  }

  function employerDto(e: EmployerFacts) {
    return { id: e.id, name: e.name, creditCode: e.creditCode, region: e.region, regionName: regions.fullName(e.region), status: e.status };
  }

  function declarationDto(d: DeclarationRow, lines: LineRow[], extra: { personName?: string; basis?: { averageWageFen: number; averageWageRegion: string; averageWageYear: number; floorFen: number; capFen: number } } = {}) {
    return {
      id: d.id,
      employerId: d.employerId,
      personId: d.personId,
      personName: extra.personName ?? null,
      region: d.region,
      period: d.period,
      declaredWageFen: d.declaredWageFen,
      baseFen: d.baseFen,
      clamped: d.clamped,
      lines: [...lines].sort((a, b) => lineRank(a) - lineRank(b)).map((l) => ({ scheme: l.scheme, payer: l.payer, rateBp: l.rateBp, amountFen: l.amountFen })),
      employerFen: d.employerFen,
      employeeFen: d.employeeFen,
      totalFen: d.totalFen,
      paidFen: d.paidFen,
      lateFeeFen: d.lateFeeFen,
      dueOn: d.dueOn,
      paidOn: d.paidOn,
      status: d.status,
      createdAt: d.createdAt.toISOString(),
      ...(extra.basis ? { basis: extra.basis } : {}),
    };
  }

  // ---- assessing a declaration ---------------------------------------------------------------

  /** Policy looked up once per employer region and period, however many rows a batch has. */
  function policyCache(region: string, period: string) {
    let wage: Promise<EffectiveWage | undefined> | undefined;
    let rates: Promise<Map<string, EffectiveRate>> | undefined;
    return {
      wage: () => (wage ??= policy.averageWageFor(database.db, region, Number(period.slice(0, 4)))),
      rates: () => (rates ??= policy.ratesFor(database.db, region, period, employeeSchemes)),
    };
  }

  /**
   * Everything a declaration must satisfy, in the order a caseworker would check it; throws the
   * first problem. A declaration is never computed with a missing rate: each scheme the person is
   * enrolled in needs a rate row for both payers (a 0 rate is a row that says 0).
   */
  async function assess(employer: EmployerFacts, period: string, personId: string, declaredWageFen: number, person: PersonFacts | undefined, cache: ReturnType<typeof policyCache>): Promise<Assessed> {
    if (!person) throw fundsError('person_not_found');
    // A month after the month of death cannot be owed; the month of death and earlier still can.
    if (person.status === 'deceased' && person.diedOn && person.diedOn.slice(0, 7) < period) throw fundsError('person_deceased', { detail: `died ${person.diedOn}` });
    if (!(await registry.employedIn(database.db, personId, employer.id, period))) throw fundsError('not_employed');
    const enrolled = new Set(await registry.enrolledSchemes(database.db, personId, period, employer.id));
    const schemes = employeeSchemes.filter((s) => enrolled.has(s));
    if (schemes.length === 0) throw fundsError('not_enrolled');
    const wage = await cache.wage();
    if (!wage) throw fundsError('average_wage_missing', { detail: `${employer.region} ${period.slice(0, 4)}` });
    const rates = await cache.rates();
    const missing = schemes.flatMap((s) => (['employer', 'employee'] as const).filter((p) => !rates.has(`${s}:${p}`)).map((p) => `${s}/${p}`));
    if (missing.length > 0) throw fundsError('rate_missing', { detail: `${employer.region} ${period}: ${missing.join(', ')}` });
    const base = contributionBase(declaredWageFen, wage.averageMonthlyWageFen, wage.floorBp, wage.capBp);
    const lines = schemes.flatMap((scheme) =>
      (['employee', 'employer'] as const).map((payer) => {
        const rate = rates.get(`${scheme}:${payer}`)!;
        return { scheme, payer, rateBp: rate.rateBp, amountFen: contributionAmount(base.baseFen, rate.rateBp), rateRegion: rate.regionCode };
      }),
    );
    const employerFen = lines.filter((l) => l.payer === 'employer').reduce((a, l) => a + l.amountFen, 0);
    const employeeFen = lines.filter((l) => l.payer === 'employee').reduce((a, l) => a + l.amountFen, 0);
    return { person, declaredWageFen, wage, base, lines, employerFen, employeeFen, totalFen: employerFen + employeeFen };
  }

  /**
   * Writes assessed declarations in the caller's transaction. The unique index (employer, person,
   * period) decides between concurrent declarations of the same month: the loser inserts nothing
   * and the whole transaction is refused as declaration_exists.
   */
  async function write(tx: Db, ctx: RequestContext, actor: StaffActor, employer: EmployerFacts, period: string, items: Assessed[]) {
    const dueOn = dueDateOf(period);
    const created: DeclarationRow[] = [];
    for (let i = 0; i < items.length; i += 1000) {
      const slice = items.slice(i, i + 1000);
      const rows = await tx
        .insert(declarations)
        .values(
          slice.map((a) => ({
            employerId: employer.id,
            personId: a.person.id,
            region: employer.region,
            period,
            declaredWageFen: a.declaredWageFen,
            baseFen: a.base.baseFen,
            clamped: a.base.clamped,
            employerFen: a.employerFen,
            employeeFen: a.employeeFen,
            totalFen: a.totalFen,
            // Nothing to pay (every rate 0) is settled as soon as it is declared.
            status: a.totalFen === 0 ? ('paid' as const) : ('due' as const),
            paidOn: a.totalFen === 0 ? today() : null,
            dueOn,
            createdBy: actor.id,
          })),
        )
        .onConflictDoNothing({ target: [declarations.employerId, declarations.personId, declarations.period] })
        .returning();
      if (rows.length < slice.length) {
        const written = new Set(rows.map((r) => r.personId));
        const taken = slice.filter((a) => !written.has(a.person.id)).map((a) => a.person.id);
        throw fundsError('declaration_exists', { detail: `${period}: ${taken.join(', ')}` });
      }
      created.push(...rows);
    }
    const idOf = new Map(created.map((d) => [d.personId, d.id]));
    const lineValues = items.flatMap((a) => a.lines.map((l) => ({ declarationId: idOf.get(a.person.id)!, scheme: l.scheme, payer: l.payer, rateBp: l.rateBp, amountFen: l.amountFen })));
    for (let i = 0; i < lineValues.length; i += 1000) await tx.insert(declarationLines).values(lineValues.slice(i, i + 1000));
    await registry.addToDossier(
      tx,
      byWhom(actor),
      items.map((a) => ({
        personId: a.person.id,
        kind: 'contribution.declared',
        entity: 'contribution' as const,
        entityId: idOf.get(a.person.id)!,
        changes: { employer: [null, employer.name], period: [null, period], baseFen: [null, a.base.baseFen], employeeFen: [null, a.employeeFen], employerFen: [null, a.employerFen] },
      })),
    );
    const events: AuditEvent[] = items.map((a) => ({
      actor: auditActorOf(actor),
      action: 'contribution.declared',
      targetKind: 'declaration',
      targetId: idOf.get(a.person.id)!,
      subjectId: a.person.id,
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { employerId: employer.id, period, baseFen: a.base.baseFen, clamped: a.base.clamped, totalFen: a.totalFen },
    }));
    for (let i = 0; i < events.length; i += 1000) await audit.appendMany(tx, events.slice(i, i + 1000));
    const linesOf = new Map<string, LineRow[]>();
    for (const l of lineValues) linesOf.set(l.declarationId, [...(linesOf.get(l.declarationId) ?? []), l]);
    return created.map((d) => ({ row: d, lines: linesOf.get(d.id) ?? [] }));
  }

  async function openEmployer(ctx: RequestContext, employerId: string, period: string) {
    const { employer, actor } = await loadEmployer(ctx, 'contribution:declare', employerId);
    if (employer.status !== 'active') throw fundsError('employer_closed', { detail: `status ${employer.status}` });
    checkPeriod(period);
    return { employer, actor };
  }

  /** One employee's declaration for one month (申报). */
  async function declare(ctx: RequestContext, input: { employerId: string; personId: string; period: string; declaredWageFen: number }) {
    const { employer, actor } = await openEmployer(ctx, input.employerId, input.period);
    const person = await registry.person(database.db, input.personId);
    const a = await assess(employer, input.period, input.personId, input.declaredWageFen, person, policyCache(employer.region, input.period));
    const [written] = await database.transaction((tx) => write(tx, ctx, actor, employer, input.period, [a]));
    return declarationDto(written!.row, written!.lines, {
      personName: a.person.name,
      basis: {
        averageWageFen: a.wage.averageMonthlyWageFen,
        averageWageRegion: a.wage.regionCode,
        averageWageYear: a.wage.year,
        floorFen: a.base.floorFen,
        capFen: a.base.capFen,
      },
    });
  }

  /**
   * An employer's monthly declaration in one call: up to MAX_BATCH_ROWS employees, all declared
   * or none. Every row is checked and answered (accepted or with its error); if any row fails,
   * nothing is written and the answer lists what to fix.
   */
  async function declareBatch(ctx: RequestContext, input: { employerId: string; period: string; rows: { personId: string; declaredWageFen: number }[] }): Promise<BatchAnswer> {
    const { employer, actor } = await openEmployer(ctx, input.employerId, input.period);
    const cache = policyCache(employer.region, input.period);
    const people = await registry.persons(
      database.db,
      input.rows.map((r) => r.personId),
    );
    const existing = new Set(
      (
        await database.db
          .select({ personId: declarations.personId })
          .from(declarations)
          .where(and(eq(declarations.employerId, employer.id), eq(declarations.period, input.period), inArray(declarations.personId, [...new Set(input.rows.map((r) => r.personId))])))
      ).map((r) => r.personId),
    );
    const seen = new Set<string>();
    const results: BatchRowResult[] = [];
    const assessed: Assessed[] = [];
    for (const [index, row] of input.rows.entries()) {
      try {
        if (seen.has(row.personId)) throw fundsError('duplicate_in_batch');
        seen.add(row.personId);
        if (existing.has(row.personId)) throw fundsError('declaration_exists');
        const a = await assess(employer, input.period, row.personId, row.declaredWageFen, people.get(row.personId), cache);
        assessed.push(a);
        results.push({ index, personId: row.personId, status: 'valid', baseFen: a.base.baseFen, clamped: a.base.clamped, totalFen: a.totalFen });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({ index, personId: row.personId, status: 'rejected', code: error.code, message: { zh: error.spec.zh, en: error.spec.en }, ...(error.extra.detail ? { detail: error.extra.detail } : {}) });
      }
    }
    const sums = { employerFen: 0, employeeFen: 0, totalFen: 0 };
    for (const a of assessed) {
      sums.employerFen += a.employerFen;
      sums.employeeFen += a.employeeFen;
      sums.totalFen += a.totalFen;
    }
    const rejected = results.filter((r) => r.status === 'rejected').length;
    const answer = { employerId: employer.id, period: input.period, count: input.rows.length, rejected, ...sums };
    if (rejected > 0) {
      await audit.record({
        actor: auditActorOf(actor),
        action: 'contribution.batch_rejected',
        targetKind: 'employer',
        targetId: employer.id,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { period: input.period, rows: input.rows.length, rejected, codes: [...new Set(results.filter((r) => r.code).map((r) => r.code))] },
      });
      return { ok: false, ...answer, declared: 0, rows: results };
    }
    const written = await database.transaction((tx) => write(tx, ctx, actor, employer, input.period, assessed));
    const idOf = new Map(written.map((w) => [w.row.personId, w.row.id]));
    return { ok: true, ...answer, declared: written.length, rows: results.map((r) => ({ ...r, status: 'declared' as const, declarationId: idOf.get(r.personId)! })) };
  }

  async function getDeclaration(ctx: RequestContext, id: string) {
    const [row] = await database.db.select().from(declarations).where(eq(declarations.id, id)).limit(1);
    const actor = await guard.require(ctx, 'contribution:read', { kind: 'declaration', id, regionCode: row?.region ?? NO_SUCH_TARGET, subjectId: row?.personId });
    if (!row) throw fundsError('declaration_not_found');
    const [lines, person] = await Promise.all([database.db.select().from(declarationLines).where(eq(declarationLines.declarationId, id)), registry.person(database.db, row.personId)]);
    await audit.record({ actor: auditActorOf(actor), action: 'contribution.viewed', targetKind: 'declaration', targetId: id, subjectId: row.personId, channel: ctx.channel, requestId: ctx.requestId });
    return declarationDto(row, lines, { personName: person?.name ?? '' });
  }

  /** An employer's declarations, by month and person; names as the registry has them. */
  async function listDeclarations(ctx: RequestContext, employerId: string, q: { period?: string | undefined; status?: 'due' | 'paid' | 'cancelled' | undefined; page: number; pageSize: number }) {
    const { employer, actor } = await loadEmployer(ctx, 'contribution:read', employerId);
    const where: SQL[] = [eq(declarations.employerId, employer.id)];
    if (q.period) where.push(eq(declarations.period, q.period));
    if (q.status) where.push(eq(declarations.status, q.status));
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db.select().from(declarations).where(filter).orderBy(desc(declarations.period), asc(declarations.personId)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(declarations).where(filter),
    ]);
    const ids = rows.map((r) => r.id);
    const [lines, people] = await Promise.all([
      ids.length ? database.db.select().from(declarationLines).where(inArray(declarationLines.declarationId, ids)) : Promise.resolve([] as LineRow[]),
      registry.persons(
        database.db,
        rows.map((r) => r.personId),
      ),
    ]);
    await audit.record({
      actor: auditActorOf(actor),
      action: 'contribution.listed',
      targetKind: 'employer',
      targetId: employer.id,
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { period: q.period ?? null, page: q.page, returned: rows.length },
    });
    return {
      items: rows.map((d) =>
        declarationDto(
          d,
          lines.filter((l) => l.declarationId === d.id),
          { personName: people.get(d.personId)?.name ?? '' },
        ),
      ),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  // ---- payments ------------------------------------------------------------------------------

  /** The employer's declarations with principal or a late fee still owed, oldest due first. */
  async function openDeclarations(tx: Db, employerId: string) {
    const result = (await tx.execute(sql`
      with fees as (
        select pa.declaration_id, sum(pa.late_fee_fen)::bigint as paid
        from ${paymentAllocations} pa join ${employerPayments} p on p.id = pa.payment_id
        where p.employer_id = ${employerId}
        group by pa.declaration_id
      )
      select d.id, d.person_id, d.period, d.due_on::text as due_on, d.total_fen, d.paid_fen, d.late_fee_fen, d.status, d.paid_on::text as paid_on,
             coalesce(f.paid, 0)::bigint as fee_paid
      from ${declarations} d left join fees f on f.declaration_id = d.id
      where d.employer_id = ${employerId} and d.status <> 'cancelled'
        and (d.status = 'due' or d.late_fee_fen > coalesce(f.paid, 0))
      order by d.due_on, d.period, d.created_at, d.id`)) as unknown as Rows<{
      id: string;
      person_id: string;
      period: string;
      due_on: string;
      total_fen: string | number;
      paid_fen: string | number;
      late_fee_fen: string | number;
      status: 'due' | 'paid';
      paid_on: string | null;
      fee_paid: string | number;
    }>;
    return result.rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      period: r.period,
      dueOn: r.due_on,
      totalFen: Number(r.total_fen),
      paidFen: Number(r.paid_fen),
      lateFeeFen: Number(r.late_fee_fen),
      status: r.status,
      paidOn: r.paid_on,
      lateFeePaidFen: Number(r.fee_paid),
    }));
  }

  /**
   * Books money an employer paid in (到账), all in one transaction, and allocates it:
   *
   * 1. principal first, to the declarations with the oldest due date;
   * 2. then late fees (滞纳金), oldest first — those assessed before and those assessed now.
   *
   * This is the order collection practice follows (本金优先，后缴滞纳金), and it is the one that
   * stops a debt growing fastest: principal is what the 0.05% a day accrues on (社会保险法
   * Art. 86). A late fee is assessed on each part of the principal when that part is paid:
   * lateFee(part, days from the day after the due date to the day received). What is left over
   * stays on the payment as the employer's credit (unallocatedFen), shown on the statement; it
   * is not in any fund's ledger until it pays a declaration, because until then no fund owns it.
   */
  async function recordPayment(ctx: RequestContext, employerId: string, input: { amountFen: number; receivedOn: string; reference: string }) {
    // A suspended or closed employer still pays what it owes: its status is not checked here.
    const { employer, actor } = await loadEmployer(ctx, 'contribution:collect', employerId);
    if (input.receivedOn > today()) throw fundsError('date_in_future', { detail: input.receivedOn });
    const reference = input.reference.trim();
    return database.transaction(async (tx) => {
      // One payment of an employer at a time: allocation reads and writes the same declarations.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`funds.employer:${employer.id}`}))`);
      const [payment] = await tx
        .insert(employerPayments)
        .values({ employerId: employer.id, amountFen: input.amountFen, receivedOn: input.receivedOn, reference, createdBy: actor.id })
        .onConflictDoNothing()
        .returning();
      if (!payment) throw fundsError('payment_exists', { detail: reference });

      const open = await openDeclarations(tx, employer.id);
      let remaining = input.amountFen;
      const touched = new Map<string, { d: (typeof open)[number]; principalFen: number; lateDays: number; assessedFen: number; lateFeeFen: number }>();
      for (const d of open) {
        if (remaining === 0) break;
        const owed = d.totalFen - d.paidFen;
        if (owed <= 0) continue;
        const principalFen = Math.min(owed, remaining);
        const days = lateDays(d.dueOn, input.receivedOn);
        touched.set(d.id, { d, principalFen, lateDays: days, assessedFen: lateFee(principalFen, days), lateFeeFen: 0 });
        remaining -= principalFen;
      }
      for (const d of open) {
        if (remaining === 0) break;
        const t = touched.get(d.id);
        const feeOwed = d.lateFeeFen + (t?.assessedFen ?? 0) - d.lateFeePaidFen;
        if (feeOwed <= 0) continue;
        const take = Math.min(feeOwed, remaining);
        if (t) t.lateFeeFen = take;
        else touched.set(d.id, { d, principalFen: 0, lateDays: 0, assessedFen: 0, lateFeeFen: take });
        remaining -= take;
      }

      const changes = [...touched.values()].map((t) => {
        const paidFen = t.d.paidFen + t.principalFen;
        const nowPaid = paidFen === t.d.totalFen;
        return { ...t, paidFen, lateFeeTotal: t.d.lateFeeFen + t.assessedFen, status: nowPaid ? ('paid' as const) : ('due' as const), newlyPaid: nowPaid && t.d.status === 'due', paidOn: nowPaid ? (t.d.paidOn ?? input.receivedOn) : null };
      });
      if (changes.length > 0) {
        await tx.execute(sql`
          update ${declarations} d
          set paid_fen = t.paid, late_fee_fen = t.fee, status = t.status, paid_on = t.paid_on::date
          from unnest(${sql.param(changes.map((c) => c.d.id))}::uuid[], ${sql.param(changes.map((c) => c.paidFen))}::bigint[], ${sql.param(changes.map((c) => c.lateFeeTotal))}::bigint[],
                      ${sql.param(changes.map((c) => c.status))}::text[], ${sql.param(changes.map((c) => c.paidOn))}::text[]) as t(id, paid, fee, status, paid_on)
          where d.id = t.id`);
        for (let i = 0; i < changes.length; i += 1000) {
          await tx.insert(paymentAllocations).values(
            changes.slice(i, i + 1000).map((c) => ({ paymentId: payment.id, declarationId: c.d.id, principalFen: c.principalFen, lateFeeFen: c.lateFeeFen, lateDays: c.lateDays })),
          );
        }
      }
      const [booked] = await tx.update(employerPayments).set({ unallocatedFen: remaining }).where(eq(employerPayments.id, payment.id)).returning();

      // Each fund's share: per line, the part of the principal this payment covered (lines
      // filled in LINE_ORDER), and the late fee split over the declaration's lines by amount.
      const lines: LineRow[] = [];
      const ids = changes.map((c) => c.d.id);
      for (let i = 0; i < ids.length; i += 1000) lines.push(...(await tx.select().from(declarationLines).where(inArray(declarationLines.declarationId, ids.slice(i, i + 1000)))));
      const linesOf = new Map<string, LineRow[]>();
      for (const l of lines) linesOf.set(l.declarationId, [...(linesOf.get(l.declarationId) ?? []), l]);
      const perFund = new Map<FundKind, { persons: Map<string, number>; lateFeeFen: number }>();
      const fundOf = (k: FundKind) => perFund.get(k) ?? perFund.set(k, { persons: new Map(), lateFeeFen: 0 }).get(k)!;
      const credits: AccountCredit[] = [];
      for (const c of changes) {
        const ordered = (linesOf.get(c.d.id) ?? []).sort((a, b) => lineRank(a) - lineRank(b));
        let before = c.d.paidFen;
        let after = c.paidFen;
        for (const l of ordered) {
          const covered = Math.min(l.amountFen, Math.max(0, after)) - Math.min(l.amountFen, Math.max(0, before));
          before -= l.amountFen;
          after -= l.amountFen;
          if (covered > 0) {
            const f = fundOf(l.scheme);
            f.persons.set(c.d.personId, (f.persons.get(c.d.personId) ?? 0) + covered);
          }
        }
        const feeParts = splitProportionally(
          c.lateFeeFen,
          ordered.map((l) => l.amountFen),
        );
        ordered.forEach((l, i) => {
          if (feeParts[i]! > 0) fundOf(l.scheme).lateFeeFen += feeParts[i]!;
        });
        if (c.newlyPaid) {
          const own = ordered.find((l) => l.scheme === 'employee_pension' && l.payer === 'employee');
          if (own) credits.push({ personId: c.d.personId, period: c.d.period, amountFen: own.amountFen, declarationId: c.d.id });
        }
      }
      for (const [fund, f] of perFund) {
        const credit: LedgerLine[] = [...f.persons].map(([personId, fen]) => ({ account: 'contribution_income', creditFen: fen, personId }));
        // 社会保险费征缴暂行条例 Art. 13: late fees go into the fund; they are nobody's own money.
        if (f.lateFeeFen > 0) credit.push({ account: 'contribution_income', creditFen: f.lateFeeFen, personId: null });
        const total = credit.reduce((a, l) => a + (l.creditFen ?? 0), 0);
        if (total === 0) continue;
        await ledger.post(tx, {
          fund,
          region: employer.region,
          period: input.receivedOn.slice(0, 7),
          kind: 'contribution',
          memo: `征缴到账 ${employer.name} ${reference}`,
          // The journal's source is the payment; the fund is part of it since one payment makes one journal per fund.
          sourceRef: `${payment.id}:${fund}`,
          lines: [{ account: 'bank_deposit', debitFen: total }, ...credit],
        });
      }
      await accounts.creditContributions(tx, credits);
      const paid = changes.filter((c) => c.newlyPaid);
      await registry.addToDossier(
        tx,
        byWhom(actor),
        paid.map((c) => ({
          personId: c.d.personId,
          kind: 'contribution.paid',
          entity: 'contribution' as const,
          entityId: c.d.id,
          changes: { period: [null, c.d.period], status: ['due', 'paid'], paidOn: [null, c.paidOn] },
        })),
      );
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'contribution.payment_recorded',
        targetKind: 'employer_payment',
        targetId: payment.id,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { employerId: employer.id, amountFen: input.amountFen, reference, receivedOn: input.receivedOn, declarations: changes.length, declarationsPaid: paid.length, unallocatedFen: remaining },
      });
      return {
        id: payment.id,
        employerId: employer.id,
        amountFen: payment.amountFen,
        receivedOn: payment.receivedOn,
        reference: payment.reference,
        allocatedFen: payment.amountFen - remaining,
        unallocatedFen: booked!.unallocatedFen,
        allocations: changes.map((c) => ({
          declarationId: c.d.id,
          personId: c.d.personId,
          period: c.d.period,
          principalFen: c.principalFen,
          lateFeeFen: c.lateFeeFen,
          lateDays: c.lateDays,
          status: c.status,
        })),
        createdAt: payment.createdAt.toISOString(),
      };
    });
  }

  // ---- statements and arrears ----------------------------------------------------------------

  /** Σ over groups of declarations with the same due date and outstanding principal: lateFee(outstanding, days to `asOf`), per declaration. */
  function accrued(groups: { dueOn: string; outstandingFen: number; n: number }[], asOf: string) {
    return groups.reduce((sum, g) => sum + g.n * lateFee(g.outstandingFen, lateDays(g.dueOn, asOf)), 0);
  }

  /**
   * An employer's account by month: declared, due, paid, outstanding, late fees assessed, paid
   * and — for what is still unpaid — accrued to today (computed, never stored: it changes daily),
   * the payments received and the credit left over.
   */
  async function statement(ctx: RequestContext, employerId: string, q: { from?: string | undefined; to?: string | undefined }) {
    const { employer, actor } = await loadEmployer(ctx, 'contribution:read', employerId);
    if (q.from && q.to && q.to < q.from) throw fundsError('period_range_invalid');
    const asOf = today();
    const from = q.from ?? null;
    const to = q.to ?? null;
    const range = sql`d.employer_id = ${employer.id} and d.status <> 'cancelled' and (${from}::text is null or d.period >= ${from}::text) and (${to}::text is null or d.period <= ${to}::text)`;
    const [periods, unpaid, payments, credit] = await Promise.all([
      database.db.execute(sql`
        with fees as (
          select pa.declaration_id, sum(pa.late_fee_fen)::bigint as paid
          from ${paymentAllocations} pa join ${employerPayments} p on p.id = pa.payment_id
          where p.employer_id = ${employer.id} group by pa.declaration_id
        )
        select d.period, min(d.due_on)::text as due_on, count(*)::int as n, sum(d.total_fen)::bigint as due, sum(d.paid_fen)::bigint as paid,
               sum(d.late_fee_fen)::bigint as fee, coalesce(sum(f.paid), 0)::bigint as fee_paid, count(*) filter (where d.status = 'paid')::int as settled
        from ${declarations} d left join fees f on f.declaration_id = d.id
        where ${range}
        group by d.period order by d.period`) as unknown as Promise<Rows<{ period: string; due_on: string; n: number; due: string; paid: string; fee: string; fee_paid: string; settled: number }>>,
      database.db.execute(sql`
        select d.period, d.due_on::text as due_on, (d.total_fen - d.paid_fen)::bigint as outstanding, count(*)::int as n
        from ${declarations} d where ${range} and d.status = 'due'
        group by d.period, d.due_on, d.total_fen - d.paid_fen`) as unknown as Promise<Rows<{ period: string; due_on: string; outstanding: string; n: number }>>,
      database.db.execute(sql`
        select id, received_on::text as received_on, reference, amount_fen, unallocated_fen from ${employerPayments}
        where employer_id = ${employer.id}
          and (${from}::text is null or to_char(received_on, 'YYYY-MM') >= ${from}::text)
          and (${to}::text is null or to_char(received_on, 'YYYY-MM') <= ${to}::text)
        order by received_on, created_at`) as unknown as Promise<Rows<{ id: string; received_on: string; reference: string; amount_fen: string; unallocated_fen: string }>>,
      database.db.execute(sql`select coalesce(sum(unallocated_fen), 0)::bigint as credit from ${employerPayments} where employer_id = ${employer.id}`) as unknown as Promise<Rows<{ credit: string }>>,
    ]);
    const accruedOf = new Map<string, number>();
    for (const u of unpaid.rows) {
      accruedOf.set(u.period, (accruedOf.get(u.period) ?? 0) + accrued([{ dueOn: u.due_on, outstandingFen: Number(u.outstanding), n: Number(u.n) }], asOf));
    }
    const items = periods.rows.map((p) => {
      const dueFen = Number(p.due);
      const paidFen = Number(p.paid);
      const lateFeeAssessedFen = Number(p.fee);
      const lateFeePaidFen = Number(p.fee_paid);
      const lateFeeAccruedFen = accruedOf.get(p.period) ?? 0;
      return {
        period: p.period,
        dueOn: p.due_on,
        declaredCount: Number(p.n),
        paidCount: Number(p.settled),
        dueFen,
        paidFen,
        outstandingFen: dueFen - paidFen,
        lateFeeAssessedFen,
        lateFeePaidFen,
        lateFeeAccruedFen,
        lateFeeOutstandingFen: lateFeeAssessedFen - lateFeePaidFen + lateFeeAccruedFen,
      };
    });
    const sum = (k: keyof (typeof items)[number]) => items.reduce((a, i) => a + (i[k] as number), 0);
    await audit.record({
      actor: auditActorOf(actor),
      action: 'contribution.statement_viewed',
      targetKind: 'employer',
      targetId: employer.id,
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { from, to },
    });
    return {
      employer: employerDto(employer),
      from,
      to,
      asOf,
      periods: items,
      totals: {
        dueFen: sum('dueFen'),
        paidFen: sum('paidFen'),
        outstandingFen: sum('outstandingFen'),
        lateFeeAssessedFen: sum('lateFeeAssessedFen'),
        lateFeePaidFen: sum('lateFeePaidFen'),
        lateFeeAccruedFen: sum('lateFeeAccruedFen'),
        lateFeeOutstandingFen: sum('lateFeeOutstandingFen'),
      },
      payments: payments.rows.map((p) => ({
        id: p.id,
        receivedOn: p.received_on,
        reference: p.reference,
        amountFen: Number(p.amount_fen),
        allocatedFen: Number(p.amount_fen) - Number(p.unallocated_fen),
        unallocatedFen: Number(p.unallocated_fen),
      })),
      creditFen: Number(credit.rows[0]?.credit ?? 0),
    };
  }

  /** 欠费: employers of a region with contributions past their due date and unpaid, the largest debt first. */
  async function arrears(ctx: RequestContext, q: { region?: string | undefined; page: number; pageSize: number }) {
    const region = q.region ? regions.get(q.region) : undefined;
    if (q.region && !region) throw appError('unknown_region', { detail: `no administrative division ${q.region}` });
    const actor = await guard.require(ctx, 'contribution:read', region ? { kind: 'region', regionCode: region.code } : undefined);
    const scope = region?.code ?? guard.scope(ctx);
    const asOf = today();
    const overdue = sql`d.status = 'due' and d.due_on < ${asOf}::date and d.region like ${`${scope}%`}`;
    const [page, total] = await Promise.all([
      database.db.execute(sql`
        select d.employer_id, sum(d.total_fen - d.paid_fen)::bigint as outstanding, count(*)::int as n, min(d.due_on)::text as oldest
        from ${declarations} d where ${overdue}
        group by d.employer_id having sum(d.total_fen - d.paid_fen) > 0
        order by outstanding desc, d.employer_id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`) as unknown as Promise<Rows<{ employer_id: string; outstanding: string; n: number; oldest: string }>>,
      database.db.execute(sql`
        select count(*)::int as n from (
          select d.employer_id from ${declarations} d where ${overdue}
          group by d.employer_id having sum(d.total_fen - d.paid_fen) > 0) x`) as unknown as Promise<Rows<{ n: number }>>,
    ]);
    const ids = page.rows.map((r) => r.employer_id);
    const groups = ids.length
      ? ((await database.db.execute(sql`
          select d.employer_id, d.due_on::text as due_on, (d.total_fen - d.paid_fen)::bigint as outstanding, count(*)::int as n
          from ${declarations} d where ${overdue} and d.employer_id = any(${sql.param(ids)}::uuid[])
          group by d.employer_id, d.due_on, d.total_fen - d.paid_fen`)) as unknown as Rows<{ employer_id: string; due_on: string; outstanding: string; n: number }>)
      : { rows: [] };
    const employers = await registry.employersById(database.db, ids);
    await audit.record({
      actor: auditActorOf(actor),
      action: 'contribution.arrears_listed',
      targetKind: 'region',
      targetId: scope,
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { page: q.page, returned: ids.length },
    });
    return {
      items: page.rows.map((r) => {
        const e = employers.get(r.employer_id);
        return {
          employerId: r.employer_id,
          name: e?.name ?? '',
          creditCode: e?.creditCode ?? '',
          region: e?.region ?? '',
          regionName: e ? regions.fullName(e.region) : '',
          status: e?.status ?? 'active',
          outstandingFen: Number(r.outstanding),
          declarations: Number(r.n),
          oldestDueOn: r.oldest,
          lateFeeAccruedFen: accrued(
            groups.rows.filter((g) => g.employer_id === r.employer_id).map((g) => ({ dueOn: g.due_on, outstandingFen: Number(g.outstanding), n: Number(g.n) })),
            asOf,
          ),
        };
      }),
      total: Number(total.rows[0]?.n ?? 0),
      page: q.page,
      pageSize: q.pageSize,
      asOf,
    };
  }

  // ---- the citizen ---------------------------------------------------------------------------

  /**
   * The signed-in citizen's own contributions by month (who declared them, on what base, the
   * employee's and the employer's share, paid or due) and their individual account.
   */
  async function mine(ctx: RequestContext, q: { page: number; pageSize: number }) {
    const person = ctx.actor.kind === 'citizen' ? await registry.personOfCitizen(database.db, ctx.actor.id) : undefined;
    if (!person) throw fundsError('person_not_found', { detail: 'you are not in the registry yet: ask your social security office' });
    const own = and(eq(declarations.personId, person.id), ne(declarations.status, 'cancelled'));
    const [rows, [total], account] = await Promise.all([
      database.db.select().from(declarations).where(own).orderBy(desc(declarations.period), asc(declarations.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(declarations).where(own),
      accounts.summaryOf(database.db, person.id),
    ]);
    const employers = await registry.employersById(database.db, rows.map((r) => r.employerId));
    await audit.record({
      actor: auditActorOf(ctx.actor),
      action: 'contribution.own_viewed',
      targetKind: 'person',
      targetId: person.id,
      subjectId: person.id,
      channel: ctx.channel,
      requestId: ctx.requestId,
    });
    return {
      person: { name: person.name, idNumberMasked: person.idNumberMasked },
      account,
      items: rows.map((d) => ({
        period: d.period,
        employerName: employers.get(d.employerId)?.name ?? '',
        baseFen: d.baseFen,
        clamped: d.clamped,
        employeeFen: d.employeeFen,
        employerFen: d.employerFen,
        totalFen: d.totalFen,
        status: d.status === 'paid' ? ('paid' as const) : ('due' as const),
        dueOn: d.dueOn,
        paidOn: d.paidOn,
      })),
      total: total?.n ?? 0,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  return { declare, declareBatch, getDeclaration, listDeclarations, recordPayment, statement, arrears, mine };
}
